package io.todoplatform.chat.model;

import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.AssistantMessage;
import io.dapr.client.domain.ConversationInputAlpha2;
import io.dapr.client.domain.ConversationMessage;
import io.dapr.client.domain.ConversationMessageContent;
import io.dapr.client.domain.ConversationRequestAlpha2;
import io.dapr.client.domain.ConversationResponseAlpha2;
import io.dapr.client.domain.ConversationResultAlpha2;
import io.dapr.client.domain.ConversationResultChoices;
import io.dapr.client.domain.ConversationResultMessage;
import io.dapr.client.domain.ConversationToolCalls;
import io.dapr.client.domain.ConversationToolCallsOfFunction;
import io.dapr.client.domain.ConversationTools;
import io.dapr.client.domain.ConversationToolsFunction;
import io.dapr.client.domain.SystemMessage;
import io.dapr.client.domain.ToolMessage;
import io.dapr.client.domain.UserMessage;
import io.grpc.Status;
import io.todoplatform.chat.dapr.GrpcFailures;
import io.todoplatform.chat.observability.ChatMetrics;
import io.todoplatform.chat.observability.SecretRedactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model through Dapr's Conversation API (alpha2) with the Java SDK's {@code converseAlpha2} over gRPC. The
 * component (e.g. {@code conversation.openai}) holds the endpoint, the model name and the API key, so this
 * service never sees the key. The call's deadline is the preview client's gRPC timeout (set where the client is
 * built): the SDK blocks inside {@code converseAlpha2}, so a timeout on the returned Mono would not bound it.
 */
public final class DaprConversationModel implements ChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(DaprConversationModel.class);
  /** langchaingo's wording in the provider error daprd relays ("... status code: 429: ..."). */
  private static final Pattern PROVIDER_STATUS = Pattern.compile("status code: (\\d{3})");

  private final DaprPreviewClient client;
  private final String component;
  private final boolean scrubPii;
  private final Duration timeout;
  private final ChatMetrics metrics;

  public DaprConversationModel(DaprPreviewClient client, String component, boolean scrubPii, Duration timeout,
      ChatMetrics metrics) {
    this.client = client;
    this.component = component;
    this.scrubPii = scrubPii;
    this.timeout = timeout;
    this.metrics = metrics;
  }

  @Override
  public ModelReply converse(ModelRequest request) {
    ConversationRequestAlpha2 call = toDapr(request);
    long started = System.nanoTime();
    ConversationResponseAlpha2 response;
    try {
      response = client.converseAlpha2(call).block(timeout.plusSeconds(5));
    } catch (RuntimeException e) {
      ModelFailure failure = classify(e);
      metrics.modelCall(failure.kind().name().toLowerCase(Locale.ROOT), Duration.ofNanos(System.nanoTime() - started));
      throw failure;
    }
    ModelReply reply = fromDapr(response);
    metrics.modelCall(reply.toolCalls().isEmpty() ? "text" : "tool_calls", Duration.ofNanos(System.nanoTime() - started));
    return reply;
  }

  private ConversationRequestAlpha2 toDapr(ModelRequest request) {
    List<ConversationTools> tools = new ArrayList<>();
    for (ToolDefinition tool : request.tools()) {
      tools.add(new ConversationTools(new ConversationToolsFunction(tool.name(), tool.parameters())
          .setDescription(tool.description())));
    }
    // scrubPii scrubs what people wrote, not what the backend answered: the scrubber takes digit runs of task ids
    // for phone numbers, and a model handed "<PHONE_NUMBER>" for an id cannot act on the task. The messages keep
    // their order, in consecutive inputs that differ in scrubPii.
    List<ConversationInputAlpha2> inputs = new ArrayList<>();
    List<ConversationMessage> run = new ArrayList<>();
    boolean runScrubbed = false;
    for (ModelMessage message : request.messages()) {
      boolean scrubbed = scrubPii && message instanceof ModelMessage.User;
      if (!run.isEmpty() && scrubbed != runScrubbed) {
        inputs.add(new ConversationInputAlpha2(run).setScrubPii(runScrubbed));
        run = new ArrayList<>();
      }
      runScrubbed = scrubbed;
      run.add(toDapr(message));
    }
    if (!run.isEmpty()) {
      inputs.add(new ConversationInputAlpha2(run).setScrubPii(runScrubbed));
    }
    // On the request, scrubPii scrubs what comes back from the model.
    ConversationRequestAlpha2 call = new ConversationRequestAlpha2(component, inputs).setScrubPii(scrubPii);
    if (!tools.isEmpty()) {
      call.setTools(tools).setToolChoice(request.toolsAllowed() ? "auto" : "none");
    }
    return call;
  }

  private static ConversationMessage toDapr(ModelMessage message) {
    if (message instanceof ModelMessage.System system) {
      return new SystemMessage(content(system.text()));
    }
    if (message instanceof ModelMessage.User user) {
      return new UserMessage(content(user.text()));
    }
    if (message instanceof ModelMessage.Assistant assistant) {
      List<ConversationToolCalls> calls = new ArrayList<>();
      for (ToolCall call : assistant.toolCalls()) {
        calls.add(new ConversationToolCalls(new ConversationToolCallsOfFunction(call.name(), call.arguments()))
            .setId(call.id()));
      }
      return new AssistantMessage(assistant.text().isEmpty() ? List.of() : content(assistant.text()), calls);
    }
    ModelMessage.ToolResult result = (ModelMessage.ToolResult) message;
    return new ToolMessage(content(result.content())).setToolId(result.toolCallId()).setName(result.name());
  }

  private static List<ConversationMessageContent> content(String text) {
    return List.of(new ConversationMessageContent(text));
  }

  private ModelReply fromDapr(ConversationResponseAlpha2 response) {
    if (response == null || response.getOutputs() == null || response.getOutputs().isEmpty()) {
      throw badAnswer("the model returned no output");
    }
    ConversationResultAlpha2 output = response.getOutputs().get(0);
    if (output.getChoices() == null || output.getChoices().isEmpty()) {
      throw badAnswer("the model returned no choice");
    }
    ConversationResultChoices choice = output.getChoices().get(0);
    ConversationResultMessage message = choice.getMessage();
    if (message == null) {
      throw badAnswer("the model returned an empty choice");
    }
    List<ToolCall> calls = new ArrayList<>();
    if (message.getToolCalls() != null) {
      for (ConversationToolCalls call : message.getToolCalls()) {
        ConversationToolCallsOfFunction function = call.getFunction();
        if (function == null) {
          continue;
        }
        calls.add(new ToolCall(call.getId(), function.getName(), function.getArguments()));
      }
    }
    return new ModelReply(message.getContent(), calls);
  }

  private ModelFailure badAnswer(String detail) {
    metrics.modelCall("bad_answer", Duration.ZERO);
    LOG.warn("Model component {} answered without a usable message: {}", component, detail);
    return new ModelFailure(ModelFailure.Kind.BAD_GATEWAY, detail);
  }

  /**
   * daprd relays the provider's error text, which may echo the API key: it is logged only through {@link
   * SecretRedactor} and never put into the client's answer.
   */
  private ModelFailure classify(RuntimeException e) {
    Status.Code code = GrpcFailures.code(e).orElse(Status.Code.UNKNOWN);
    String description = GrpcFailures.description(e);
    LOG.warn("Model call through component {} failed: grpc={} {}", component, code, SecretRedactor.redact(description));
    switch (code) {
      case UNAVAILABLE:
        return new ModelFailure(ModelFailure.Kind.UNAVAILABLE, "the Dapr sidecar is not reachable");
      case DEADLINE_EXCEEDED:
        return new ModelFailure(ModelFailure.Kind.UNAVAILABLE,
            "the model did not answer within " + timeout.toSeconds() + " s");
      case INVALID_ARGUMENT:
        if (description.contains("failed finding conversation component")) {
          return new ModelFailure(ModelFailure.Kind.UNAVAILABLE,
              "the model component '" + component + "' is not loaded in the sidecar");
        }
        return new ModelFailure(ModelFailure.Kind.BAD_GATEWAY, "the Conversation API refused the request");
      case RESOURCE_EXHAUSTED:
        return new ModelFailure(ModelFailure.Kind.BAD_GATEWAY, "the model's answer is too large");
      default:
        Matcher status = PROVIDER_STATUS.matcher(description);
        if (status.find()) {
          int providerStatus = Integer.parseInt(status.group(1));
          boolean overloaded = providerStatus == 429 || providerStatus == 503 || providerStatus == 504;
          return new ModelFailure(overloaded ? ModelFailure.Kind.UNAVAILABLE : ModelFailure.Kind.BAD_GATEWAY,
              "the model provider answered HTTP " + providerStatus);
        }
        return new ModelFailure(ModelFailure.Kind.BAD_GATEWAY, "the model call failed");
    }
  }
}
