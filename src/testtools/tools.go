//go:build tools

// Package testtools pins the tools build.sh compiles.
package testtools

import (
	_ "github.com/operator-framework/api/pkg/validation"
	_ "sigs.k8s.io/cluster-api/cmd/clusterctl"
)
