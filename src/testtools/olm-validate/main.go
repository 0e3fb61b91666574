// Command olm-validate checks an OLM bundle directory (manifests/ and metadata/) with the operator-framework
// validation library: the default bundle validators (CSV, CRDs, bundle) plus the OperatorHub, good-practices and
// deprecated-API suites. It prints one line per finding, "ERROR <manifest>: <message>" or
// "WARN <manifest>: <message>", and exits 1 when there is an error. Not product code: see build.sh.
package main

import (
	"fmt"
	"os"

	"github.com/operator-framework/api/pkg/manifests"
	"github.com/operator-framework/api/pkg/validation"
)

func main() {
	if len(os.Args) < 2 || len(os.Args) > 3 {
		fmt.Fprintln(os.Stderr, "usage: olm-validate <bundle directory> [kubernetes version, e.g. 1.34]")
		os.Exit(2)
	}
	bundle, err := manifests.GetBundleFromDir(os.Args[1])
	if err != nil {
		fmt.Fprintf(os.Stderr, "ERROR reading the bundle in %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	kubernetesVersion := "1.34"
	if len(os.Args) == 3 {
		kubernetesVersion = os.Args[2]
	}
	validators := validation.DefaultBundleValidators.WithValidators(
		validation.OperatorHubV2Validator,
		validation.StandardCapabilitiesValidator,
		validation.StandardCategoriesValidator,
		validation.GoodPracticesValidator,
		validation.AlphaDeprecatedAPIsValidator,
	)
	objects := append(bundle.ObjectsToValidate(), map[string]string{"k8s-version": kubernetesVersion})
	failed := false
	for _, result := range validators.Validate(objects...) {
		for _, e := range result.Errors {
			failed = true
			fmt.Printf("ERROR %s: %s\n", result.Name, e.Error())
		}
		for _, w := range result.Warnings {
			fmt.Printf("WARN %s: %s\n", result.Name, w.Error())
		}
	}
	if failed {
		os.Exit(1)
	}
	fmt.Printf("bundle %s is valid (%d objects checked)\n", bundle.Name, len(bundle.Objects))
}
