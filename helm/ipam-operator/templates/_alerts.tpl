{{- /*
The alert rules, shared by the PrometheusRule template and the plain rules file (kubernetes/monitoring/, which is
this template rendered with the chart's defaults; HelmChartTest keeps the two equal).
*/ -}}
{{- define "ipam-operator.alertGroups" -}}
{{- $rules := .Values.monitoring.rules -}}
{{- $job := default (include "ipam-operator.fullname" .) $rules.job -}}
{{- $pools := printf "pool!~%q" $rules.excludePools -}}
groups:
  - name: ipam-operator.pools
    rules:
      - alert: IpamPoolUsageHigh
        expr: ipam_pool_utilization_ratio{{ "{" }}{{ $pools }}{{ "}" }} > {{ $rules.usage.info }} and ipam_pool_utilization_ratio <= {{ $rules.usage.warning }}
        for: 15m
        labels: {severity: info}
        annotations:
          summary: "{{`Pool {{ $labels.namespace }}/{{ $labels.pool }} is {{ $value | humanizePercentage }} used`}}"
          description: "{{`{{ $labels.kind }} {{ $labels.pool }} has used more than`}} {{ mulf $rules.usage.info 100 }}{{`% of its allocatable addresses for 15 minutes.`}}"
      - alert: IpamPoolUsageVeryHigh
        expr: ipam_pool_utilization_ratio{{ "{" }}{{ $pools }}{{ "}" }} > {{ $rules.usage.warning }} and ipam_pool_utilization_ratio <= {{ $rules.usage.critical }}
        for: 15m
        labels: {severity: warning}
        annotations:
          summary: "{{`Pool {{ $labels.namespace }}/{{ $labels.pool }} is {{ $value | humanizePercentage }} used`}}"
          description: "{{`{{ $labels.kind }} {{ $labels.pool }} has used more than`}} {{ mulf $rules.usage.warning 100 }}{{`% of its allocatable addresses for 15 minutes; add addresses to it or free some.`}}"
      - alert: IpamPoolNearlyFull
        expr: ipam_pool_utilization_ratio{{ "{" }}{{ $pools }}{{ "}" }} > {{ $rules.usage.critical }}
        for: 5m
        labels: {severity: critical}
        annotations:
          summary: "{{`Pool {{ $labels.namespace }}/{{ $labels.pool }} is {{ $value | humanizePercentage }} used`}}"
          description: "{{`{{ $labels.kind }} {{ $labels.pool }} has used more than`}} {{ mulf $rules.usage.critical 100 }}{{`% of its allocatable addresses; new machines will soon wait for an address.`}}"
      - alert: IpamPoolExhaustedWithClaimsWaiting
        expr: ipam_pool_claims_waiting > 0 and ipam_pool_addresses_free == 0
        for: 2m
        labels: {severity: critical}
        annotations:
          summary: "{{`Pool {{ $labels.namespace }}/{{ $labels.pool }} is exhausted and claims are waiting`}}"
          description: "{{`{{ $labels.kind }} {{ $labels.pool }} has no free address and {{ $value }} claim(s) wait for one; add addresses to the pool or delete unused claims.`}}"
      - alert: IpamClaimsWaitingTooLong
        expr: ipam_pool_claims_waiting_longest_seconds > {{ mul $rules.claimsWaitingMinutes 60 }}
        labels: {severity: warning}
        annotations:
          summary: "{{`Claims have waited for pool {{ $labels.namespace }}/{{ $labels.pool }} for {{ $value | humanizeDuration }}`}}"
          description: "{{`A claim of {{ $labels.kind }} {{ $labels.pool }} has had no address for more than`}} {{ $rules.claimsWaitingMinutes }}{{` minutes; the claim's Ready condition says why (pool exhausted, paused, not ready or missing).`}}"
      - alert: IpamPoolNotReady
        expr: ipam_pool_ready == 0
        for: 10m
        labels: {severity: warning}
        annotations:
          summary: "{{`Pool {{ $labels.namespace }}/{{ $labels.pool }} cannot allocate`}}"
          description: "{{`{{ $labels.kind }} {{ $labels.pool }} has an invalid spec or is being deleted; its Ready condition says why.`}}"
  - name: ipam-operator.conflicts
    rules:
      - alert: IpamAddressesOutOfRange
        expr: ipam_pool_addresses_out_of_range > 0
        for: 15m
        labels: {severity: warning}
        annotations:
          summary: "{{`{{ $value }} IPAddress(es) of pool {{ $labels.namespace }}/{{ $labels.pool }} lie outside it`}}"
          description: "{{`IPAddresses reference {{ $labels.kind }} {{ $labels.pool }} but are not among its allocatable addresses (the pool shrank, or they were written by hand); the pool's status counts them as outOfRange.`}}"
      - alert: IpamDuplicateAddresses
        expr: ipam_pool_addresses_duplicate > 0
        for: 5m
        labels: {severity: critical}
        annotations:
          summary: "{{`{{ $value }} address(es) of pool {{ $labels.namespace }}/{{ $labels.pool }} are held by more than one IPAddress`}}"
          description: "{{`Two IPAddresses hold the same address of {{ $labels.kind }} {{ $labels.pool }}; the pool's DuplicateAddresses condition names them. One was created outside this operator.`}}"
      - alert: IpamOverlappingPools
        expr: ipam_pool_overlapping_pools > 0
        for: 15m
        labels: {severity: warning}
        annotations:
          summary: "{{`Pool {{ $labels.namespace }}/{{ $labels.pool }} overlaps {{ $value }} other pool(s)`}}"
          description: "{{`{{ $labels.kind }} {{ $labels.pool }} shares allocatable addresses with other pools, which may hand out the same address; its Overlapping condition names them.`}}"
      - alert: IpamOrphanedAddresses
        expr: ipam_pool_addresses_orphaned > 0
        for: 30m
        labels: {severity: warning}
        annotations:
          summary: "{{`{{ $value }} IPAddress(es) of pool {{ $labels.namespace }}/{{ $labels.pool }} have no claim`}}"
          description: "{{`IPAddresses of {{ $labels.kind }} {{ $labels.pool }} name a claim that does not exist; they keep their addresses until deleted.`}}"
  - name: ipam-operator.operator
    rules:
      - alert: IpamOperatorDown
        expr: absent(up{job="{{ $job }}"} == 1)
        for: 5m
        labels: {severity: critical}
        annotations:
          summary: "No IPAM operator replica is up"
          description: "{{`Prometheus has scraped no IPAM operator replica (job`}} {{ $job }}{{`) for 5 minutes: no claim gets an address and no address is released.`}}"
      - alert: IpamOperatorNotReady
        expr: max(ipam_operator_leader{job="{{ $job }}"} * ipam_operator_index_ready{job="{{ $job }}"}) < 1
        for: 10m
        labels: {severity: critical}
        annotations:
          summary: "No IPAM operator replica leads with a built allocation index"
          description: "{{`No replica has held the leader lease with its allocation index built for 10 minutes; see the replicas' /q/health/ready and logs.`}}"
{{- end -}}
