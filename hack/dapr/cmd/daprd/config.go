package main

import (
	"github.com/dapr/dapr/cmd/daprd/options"
	"github.com/dapr/dapr/pkg/healthz"
	"github.com/dapr/dapr/pkg/metrics"
	"github.com/dapr/dapr/pkg/runtime"
	"github.com/dapr/dapr/pkg/security"
)

// runtimeConfig passes every parsed daprd flag on to Dapr's runtime unchanged; a flag left out here
// would silently do nothing, so this maps the whole options.Options (minus the print-only flags handled
// in main and the security ones consumed by security.New).
func runtimeConfig(opts *options.Options, sec security.Handler, health healthz.Healthz) *runtime.Config {
	return &runtime.Config{
		AppID:                        opts.AppID,
		Mode:                         opts.Mode,
		Config:                       opts.Config,
		ResourcesPath:                opts.ResourcesPath,
		ComponentsPath:               opts.ComponentsPath,
		ControlPlaneAddress:          opts.ControlPlaneAddress,
		SentryAddress:                opts.SentryAddress,
		EnableMTLS:                   opts.EnableMTLS,
		ActorsService:                opts.ActorsService,
		RemindersService:             opts.RemindersService,
		SchedulerAddress:             opts.SchedulerAddress,
		SchedulerStreams:             opts.SchedulerJobStreams,
		DisableBuiltinK8sSecretStore: opts.DisableBuiltinK8sSecretStore,
		DisableInitEndpoints:         opts.DisableInitEndpoints,
		EnableAPILogging:             opts.EnableAPILogging,
		AllowedOrigins:               opts.AllowedOrigins,
		MaxRequestSize:               opts.MaxRequestSize,
		ReadBufferSize:               opts.ReadBufferSize,
		UnixDomainSocket:             opts.UnixDomainSocket,
		DaprGracefulShutdownSeconds:  opts.DaprGracefulShutdownSeconds,
		DaprBlockShutdownDuration:    opts.DaprBlockShutdownDuration,
		EnableProfiling:              opts.EnableProfiling,
		ProfilePort:                  opts.ProfilePort,

		// Dapr's own API servers.
		DaprHTTPPort:                  opts.DaprHTTPPort,
		DaprAPIGRPCPort:               opts.DaprAPIGRPCPort,
		DaprAPIListenAddresses:        opts.DaprAPIListenAddresses,
		DaprInternalGRPCPort:          opts.DaprInternalGRPCPort,
		DaprInternalGRPCListenAddress: opts.DaprInternalGRPCListenAddress,
		DaprPublicPort:                opts.DaprPublicPort,
		DaprPublicListenAddress:       opts.DaprPublicListenAddress,

		// The application the sidecar calls.
		ApplicationPort:        opts.AppPort,
		AppProtocol:            opts.AppProtocol,
		AppChannelAddress:      opts.AppChannelAddress,
		AppSSL:                 opts.AppSSL,
		AppMaxConcurrency:      opts.AppMaxConcurrency,
		EnableAppHealthCheck:   opts.EnableAppHealthCheck,
		AppHealthCheckPath:     opts.AppHealthCheckPath,
		AppHealthProbeInterval: opts.AppHealthProbeInterval,
		AppHealthProbeTimeout:  opts.AppHealthProbeTimeout,
		AppHealthThreshold:     opts.AppHealthThreshold,

		Metrics: metrics.Options{
			Enabled:       opts.Metrics.Enabled(),
			Log:           log,
			Port:          opts.Metrics.Port(),
			Namespace:     metrics.DefaultMetricNamespace,
			Healthz:       health,
			ListenAddress: opts.Metrics.ListenAddress(),
		},
		Registry: registry(),
		Security: sec,
		Healthz:  health,
	}
}
