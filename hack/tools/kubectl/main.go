// kubectl, as Kubernetes builds it: the k8s.io/kubectl command tree run by component-base's CLI runner. The
// Kubernetes repository's own main package cannot be built from outside it (its go.mod relies on replace lines),
// so this three-line main stands in for it.
package main

import (
	"k8s.io/component-base/cli"
	"k8s.io/kubectl/pkg/cmd"
	"k8s.io/kubectl/pkg/cmd/util"
)

func main() {
	if err := cli.RunNoErrOutput(cmd.NewDefaultKubectlCommand()); err != nil {
		util.CheckErr(err)
	}
}
