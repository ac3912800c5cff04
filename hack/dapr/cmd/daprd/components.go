package main

import (
	"github.com/dapr/components-contrib/bindings/cron"
	"github.com/dapr/components-contrib/conversation/anthropic"
	"github.com/dapr/components-contrib/conversation/echo"
	"github.com/dapr/components-contrib/conversation/googleai"
	"github.com/dapr/components-contrib/conversation/mistral"
	"github.com/dapr/components-contrib/conversation/ollama"
	"github.com/dapr/components-contrib/conversation/openai"
	nrkubernetes "github.com/dapr/components-contrib/nameresolution/kubernetes"
	"github.com/dapr/components-contrib/nameresolution/mdns"
	nrsqlite "github.com/dapr/components-contrib/nameresolution/sqlite"
	pubsubinmemory "github.com/dapr/components-contrib/pubsub/in-memory"
	"github.com/dapr/components-contrib/pubsub/kafka"
	secretstoreskubernetes "github.com/dapr/components-contrib/secretstores/kubernetes"
	"github.com/dapr/components-contrib/secretstores/local/file"
	stateinmemory "github.com/dapr/components-contrib/state/in-memory"
	postgresv1 "github.com/dapr/components-contrib/state/postgresql/v1"
	postgresv2 "github.com/dapr/components-contrib/state/postgresql/v2"
	"github.com/dapr/dapr/pkg/components"
	bindingsloader "github.com/dapr/dapr/pkg/components/bindings"
	conversationloader "github.com/dapr/dapr/pkg/components/conversation"
	nrloader "github.com/dapr/dapr/pkg/components/nameresolution"
	pubsubloader "github.com/dapr/dapr/pkg/components/pubsub"
	secretstoresloader "github.com/dapr/dapr/pkg/components/secretstores"
	stateloader "github.com/dapr/dapr/pkg/components/state"
	runtimeregistry "github.com/dapr/dapr/pkg/runtime/registry"
	"github.com/dapr/kit/logger"
)

// contribLog is handed to every component, like the stock daprd's "dapr.contrib" logger. It must exist
// before main applies the --log-level/--log-as-json/app-id options, which only reach loggers created
// by then.
var contribLog = logger.NewLogger("dapr.contrib")

// registerComponents puts the component types TodoPlatform renders (plus two in-memory ones for quick
// local runs, and what Kubernetes mode needs) into Dapr's default registries under the names the stock daprd uses, so a resource that
// loads here loads in the released daprd too. The registries add the kind prefix ("pubsub.", ...).
// Any other type fails the way the stock daprd fails for an unknown type.
func registerComponents() {
	pubsubloader.DefaultRegistry.Logger = contribLog
	stateloader.DefaultRegistry.Logger = contribLog
	secretstoresloader.DefaultRegistry.Logger = contribLog
	bindingsloader.DefaultRegistry.Logger = contribLog
	nrloader.DefaultRegistry.Logger = contribLog
	conversationloader.DefaultRegistry.Logger = contribLog

	pubsubloader.DefaultRegistry.RegisterComponent(kafka.NewKafka, "kafka")
	pubsubloader.DefaultRegistry.RegisterComponent(pubsubinmemory.New, "in-memory")

	// Versioned like the stock daprd: no spec.version or "v1" gets v1 (table "state", JSONB); "v2"
	// selects the v2 layout (tablePrefix, BYTEA), whose data is not compatible with v1.
	stateloader.DefaultRegistry.RegisterComponentWithVersions("postgresql", components.Versioning{
		Preferred: components.VersionConstructor{Version: "v2", Constructor: postgresv2.NewPostgreSQLStateStore},
		Others:    []components.VersionConstructor{{Version: "v1", Constructor: postgresv1.NewPostgreSQLStateStore}},
		Default:   "v1",
	})
	stateloader.DefaultRegistry.RegisterComponent(stateinmemory.NewInMemoryStateStore, "in-memory")

	secretstoresloader.DefaultRegistry.RegisterComponent(file.NewLocalSecretStore, "local.file")
	// Kubernetes mode: daprd adds a built-in store of this type named "kubernetes" at start, and the
	// platform's own secret store Component uses it too.
	secretstoresloader.DefaultRegistry.RegisterComponent(secretstoreskubernetes.NewKubernetesSecretStore, "kubernetes")

	bindingsloader.DefaultRegistry.RegisterInputBinding(cron.NewCron, "cron")

	// The stock daprd's default name resolver in standalone mode; without it daprd logs an init error
	// at every start and service invocation cannot resolve app ids.
	nrloader.DefaultRegistry.RegisterComponent(mdns.NewResolver, "mdns")
	// The stock default in Kubernetes mode (<app-id>-dapr.<namespace>.svc.<cluster domain>), and the
	// file-backed resolver Dapr documents for hosts without multicast or cluster DNS.
	nrloader.DefaultRegistry.RegisterComponent(nrkubernetes.NewResolver, "kubernetes")
	nrloader.DefaultRegistry.RegisterComponent(nrsqlite.NewResolver, "sqlite")

	// The chat service's model, through the Conversation API: every provider spec.chat.model.type offers.
	conversationloader.DefaultRegistry.RegisterComponent(openai.NewOpenAI, "openai")
	conversationloader.DefaultRegistry.RegisterComponent(anthropic.NewAnthropic, "anthropic")
	conversationloader.DefaultRegistry.RegisterComponent(googleai.NewGoogleAI, "googleai")
	conversationloader.DefaultRegistry.RegisterComponent(mistral.NewMistral, "mistral")
	conversationloader.DefaultRegistry.RegisterComponent(ollama.NewOllama, "ollama")
	conversationloader.DefaultRegistry.RegisterComponent(echo.NewEcho, "echo")
}

// registry hands Dapr's default registries (filled by registerComponents) to the runtime. Kinds we
// register nothing for (configuration, lock, crypto, middleware) stay empty: a Component
// of such a type fails to load, as an unknown type does in the stock daprd.
func registry() *runtimeregistry.Options {
	return runtimeregistry.NewOptions()
}
