//go:build tools

// Package tools pins the Pulumi CLI so that scripts/setup-pulumi.sh can build it
// from the Go module proxy. Nothing here is compiled into the provider; it only
// fixes versions in go.mod and go.sum.
package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
