// Command daprd is Dapr's sidecar runtime (github.com/dapr/dapr/pkg/runtime) started the way Dapr's own
// cmd/daprd does, with only the components TodoPlatform uses registered (components.go).
//
// Why not build github.com/dapr/dapr/cmd/daprd: its app package imports cmd/daprd/components, which
// either registers every stable component (-tags stablecomponents: hundreds of cloud SDKs, a very long
// build) or panics at start (no tag). This file is therefore the thin start-up glue only: parse Dapr's own
// flags (cmd/daprd/options), set up Dapr's security provider, hand everything to runtime.FromConfig.
// Every behaviour (APIs, component loading, scheduler client, metrics, shutdown) is Dapr's code.
package main

import (
	"context"
	"fmt"
	"os"

	"go.uber.org/automaxprocs/maxprocs"

	"github.com/dapr/dapr/cmd/daprd/options"
	"github.com/dapr/dapr/pkg/buildinfo"
	"github.com/dapr/dapr/pkg/healthz"
	"github.com/dapr/dapr/pkg/modes"
	"github.com/dapr/dapr/pkg/runtime"
	"github.com/dapr/dapr/pkg/security"
	"github.com/dapr/kit/concurrency"
	"github.com/dapr/kit/logger"
	"github.com/dapr/kit/signals"
)

// Same logger names as the stock daprd, so log lines (and any log-based assertions) look the same.
var log = logger.NewLogger("dapr.runtime")

func main() {
	// Respect a container CPU quota like the stock daprd does.
	_, _ = maxprocs.Set()

	opts, err := options.New(os.Args[1:])
	if err != nil {
		log.Fatalf("Failed to parse flags: %v", err)
	}
	if printInfoAndExit(opts) {
		return
	}

	opts.Logger.SetAppID(opts.AppID)
	if err = logger.ApplyOptionsToLoggers(&opts.Logger); err != nil {
		log.Fatal(err)
	}
	log.Infof("Starting Dapr Runtime -- version %s -- commit %s (TodoPlatform component set)", buildinfo.Version(), buildinfo.Commit())
	log.Infof("Log level set to: %s", opts.Logger.OutputLevel)

	registerComponents()

	ctx := signals.Context()
	health := healthz.New()
	secProvider, err := security.New(ctx, security.Options{
		SentryAddress:           opts.SentryAddress,
		ControlPlaneTrustDomain: opts.ControlPlaneTrustDomain,
		ControlPlaneNamespace:   opts.ControlPlaneNamespace,
		TrustAnchors:            opts.TrustAnchors,
		AppID:                   opts.AppID,
		MTLSEnabled:             opts.EnableMTLS,
		Mode:                    modes.DaprMode(opts.Mode),
		Healthz:                 health,
		JwtAudiences:            opts.SentryRequestJwtAudiences,
	})
	if err != nil {
		log.Fatal(err)
	}

	runSidecar := func(ctx context.Context) error {
		sec, err := secProvider.Handler(ctx)
		if err != nil {
			return err
		}
		rt, err := runtime.FromConfig(ctx, runtimeConfig(opts, sec, health))
		if err != nil {
			return err
		}
		return rt.Run(ctx)
	}
	if err = concurrency.NewRunnerManager(secProvider.Run, runSidecar).Run(ctx); err != nil {
		log.Fatalf("Fatal error from runtime: %s", err)
	}
	log.Info("Daprd shutdown gracefully")
}

// printInfoAndExit handles the flags that only print something (--version, --build-info) or wait for
// another sidecar (--wait), as the stock daprd does. It reports whether main should stop.
func printInfoAndExit(opts *options.Options) bool {
	switch {
	case opts.RuntimeVersion:
		fmt.Println(buildinfo.Version()) //nolint:forbidigo
	case opts.BuildInfo:
		fmt.Printf("Version: %s\nGit Commit: %s\nGit Version: %s\n", buildinfo.Version(), buildinfo.Commit(), buildinfo.GitVersion()) //nolint:forbidigo
	case opts.WaitCommand:
		runtime.WaitUntilDaprOutboundReady(opts.DaprHTTPPort)
	default:
		return false
	}
	return true
}
