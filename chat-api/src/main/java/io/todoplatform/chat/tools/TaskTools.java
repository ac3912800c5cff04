package io.todoplatform.chat.tools;

import static io.todoplatform.chat.tools.Schemas.bool;
import static io.todoplatform.chat.tools.Schemas.dateTime;
import static io.todoplatform.chat.tools.Schemas.enumeration;
import static io.todoplatform.chat.tools.Schemas.integer;
import static io.todoplatform.chat.tools.Schemas.object;
import static io.todoplatform.chat.tools.Schemas.props;
import static io.todoplatform.chat.tools.Schemas.string;
import static io.todoplatform.chat.tools.Schemas.stringArray;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.todoplatform.chat.api.FieldError;
import io.todoplatform.chat.auth.Caller;
import io.todoplatform.chat.model.ToolDefinition;
import io.todoplatform.chat.support.Json;
import io.todoplatform.service.text.VisibleText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The six task tools the model may call, each one backend REST call (update: a read and a conditional
 * replace) made as the user, with the user's token, through service invocation: every change made in chat is
 * validated, stored and published by the backend like any other. Errors never escape: invalid arguments, the
 * backend's 4xx answers and an unreachable backend all become a result the model reads and can explain.
 */
public final class TaskTools {
  public static final String ADD = "add_task";
  public static final String LIST = "list_tasks";
  public static final String GET = "get_task";
  public static final String UPDATE = "update_task";
  public static final String COMPLETE = "complete_task";
  public static final String DELETE = "delete_task";
  public static final Set<String> NAMES = Set.of(ADD, LIST, GET, UPDATE, COMPLETE, DELETE);

  static final int TITLE_MAX = 200;
  static final int DESCRIPTION_MAX = 2000;
  static final int TAGS_MAX = 10;
  static final int TAG_MAX = 50;
  static final int LIST_LIMIT_MAX = 50;
  static final int LIST_LIMIT_DEFAULT = 20;
  private static final List<String> PRIORITIES = List.of("low", "medium", "high", "urgent");
  private static final Set<String> EDITABLE = Set.of("title", "description", "priority", "tags", "dueAt", "remindAt");
  private static final Logger LOG = LoggerFactory.getLogger(TaskTools.class);

  private final BackendClient backend;

  public TaskTools(BackendClient backend) {
    this.backend = backend;
  }

  public List<ToolDefinition> definitions() {
    Object taskId = string("The task's id (a UUID, as returned by list_tasks or add_task)", 36);
    Object title = string("Short title of the task", TITLE_MAX);
    Object description = string("Longer notes", DESCRIPTION_MAX);
    Object priority = enumeration("Priority", PRIORITIES);
    Object tags = stringArray("Tags, e.g. [\"home\"]", TAGS_MAX, TAG_MAX);
    Object dueAt = dateTime("When the task is due, RFC 3339 with offset, e.g. 2030-01-31T09:00:00Z");
    Object remindAt = dateTime("When to remind the user, RFC 3339 with offset; must be in the future");
    return List.of(
        new ToolDefinition(ADD, "Create a task for the user.", object(props(
            "title", title, "description", description, "priority", priority, "tags", tags,
            "dueAt", dueAt, "remindAt", remindAt), List.of("title"))),
        new ToolDefinition(LIST, "List the user's tasks, optionally filtered and sorted.", object(props(
            "status", enumeration("Which tasks", List.of("all", "pending", "completed")),
            "priority", priority,
            "tag", string("Only tasks with this tag", TAG_MAX),
            "q", string("Text to search in titles and descriptions", 200),
            "dueBefore", dateTime("Only tasks due before this instant"),
            "dueAfter", dateTime("Only tasks due after this instant"),
            "sort", enumeration("Sort key", List.of("createdAt", "dueAt", "priority", "title")),
            "order", enumeration("Sort order", List.of("asc", "desc")),
            "limit", integer("At most this many tasks", 1, LIST_LIMIT_MAX)), List.of())),
        new ToolDefinition(GET, "Read one task.", object(props("taskId", taskId), List.of("taskId"))),
        new ToolDefinition(UPDATE, "Change fields of a task; fields not given stay as they are. "
            + "Give dueAt or remindAt as null to remove them.", object(props(
            "taskId", taskId, "title", title, "description", description, "priority", priority, "tags", tags,
            "dueAt", dueAt, "remindAt", remindAt), List.of("taskId"))),
        new ToolDefinition(COMPLETE, "Mark a task completed (or not completed again).", object(props(
            "taskId", taskId, "completed", bool("true to complete (default), false to re-open")),
            List.of("taskId"))),
        new ToolDefinition(DELETE, "Delete a task.", object(props("taskId", taskId), List.of("taskId"))));
  }

  /** Runs one call of the model; never throws for a bad call or a backend failure. */
  public ToolOutcome execute(Caller caller, String name, String argumentText) {
    if (name == null || !NAMES.contains(name)) {
      return new ToolOutcome(error("unknown tool '" + name + "'; available: " + String.join(", ",
          NAMES.stream().sorted().toList()), List.of()), "rejected");
    }
    Arguments arguments = Arguments.parse(argumentText);
    if (!arguments.errors().isEmpty()) {
      return rejected(arguments.errors());
    }
    try {
      return switch (name) {
        case ADD -> add(caller, arguments);
        case LIST -> list(caller, arguments);
        case GET -> get(caller, arguments);
        case UPDATE -> update(caller, arguments);
        case COMPLETE -> complete(caller, arguments);
        default -> delete(caller, arguments);
      };
    } catch (BackendUnreachableException e) {
      LOG.warn("Tool {} could not reach the backend: {}", name, e.getMessage());
      return new ToolOutcome(error("the task service is unavailable right now; nothing was changed by this call",
          List.of()), "backend_error");
    }
  }

  private ToolOutcome add(Caller caller, Arguments args) {
    args.onlyKnown(EDITABLE);
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("title", args.requiredText("title", TITLE_MAX));
    copyEditable(args, body);
    if (!args.errors().isEmpty()) {
      return rejected(args.errors());
    }
    BackendResponse response = backend.call("POST", tasksPath(caller), caller.bearerToken(), body, null);
    return response.ok() ? ok("task", compactTask(response.body())) : backendError(response);
  }

  private ToolOutcome list(Caller caller, Arguments args) {
    args.onlyKnown(Set.of("status", "priority", "tag", "q", "dueBefore", "dueAfter", "sort", "order", "limit"));
    Query query = new Query();
    args.oneOf("status", Set.of("all", "pending", "completed")).ifPresent(v -> query.add("status", v));
    args.oneOf("priority", Set.copyOf(PRIORITIES)).ifPresent(v -> query.add("priority", v));
    args.text("tag", TAG_MAX).ifPresent(v -> query.add("tag", v));
    args.text("q", 200).ifPresent(v -> query.add("q", v));
    args.dateTime("dueBefore").ifPresent(v -> query.add("dueBefore", v));
    args.dateTime("dueAfter").ifPresent(v -> query.add("dueAfter", v));
    args.oneOf("sort", Set.of("createdAt", "dueAt", "priority", "title")).ifPresent(v -> query.add("sort", v));
    args.oneOf("order", Set.of("asc", "desc")).ifPresent(v -> query.add("order", v));
    query.add("limit", Integer.toString(args.integer("limit", 1, LIST_LIMIT_MAX).orElse(LIST_LIMIT_DEFAULT)));
    if (!args.errors().isEmpty()) {
      return rejected(args.errors());
    }
    BackendResponse response = backend.call("GET", tasksPath(caller) + query, caller.bearerToken(), null, null);
    if (!response.ok()) {
      return backendError(response);
    }
    ObjectNode result = Json.mapper().createObjectNode().put("ok", true);
    ArrayNode tasks = result.putArray("tasks");
    response.body().path("items").forEach(task -> tasks.add(compactTask(task)));
    result.put("more", !response.body().path("nextCursor").isNull()
        && !response.body().path("nextCursor").isMissingNode());
    return new ToolOutcome(result, "ok");
  }

  private ToolOutcome get(Caller caller, Arguments args) {
    args.onlyKnown(Set.of("taskId"));
    String taskId = args.taskId("taskId");
    if (!args.errors().isEmpty()) {
      return rejected(args.errors());
    }
    BackendResponse response = backend.call("GET", taskPath(caller, taskId), caller.bearerToken(), null, null);
    return response.ok() ? ok("task", compactTask(response.body())) : backendError(response);
  }

  /** A read, then a full replacement guarded by the read's ETag; a concurrent change is retried once. */
  private ToolOutcome update(Caller caller, Arguments args) {
    Set<String> known = new java.util.HashSet<>(EDITABLE);
    known.add("taskId");
    args.onlyKnown(known);
    String taskId = args.taskId("taskId");
    ObjectNode changes = Json.mapper().createObjectNode();
    args.text("title", TITLE_MAX).ifPresent(v -> changes.put("title", v));
    if (changes.has("title") && VisibleText.isBlank(changes.get("title").asText())) {
      args.errors().add(new FieldError("arguments.title", "must not be blank"));
    }
    copyEditable(args, changes);
    for (String clearable : List.of("dueAt", "remindAt")) {
      if (args.isNull(clearable)) {
        changes.putNull(clearable);
      }
    }
    if (args.errors().isEmpty() && changes.isEmpty()) {
      args.errors().add(new FieldError("arguments", "give at least one field to change"));
    }
    if (!args.errors().isEmpty()) {
      return rejected(args.errors());
    }
    BackendResponse response = null;
    for (int attempt = 0; attempt < 2; attempt++) {
      BackendResponse current = backend.call("GET", taskPath(caller, taskId), caller.bearerToken(), null, null);
      if (!current.ok()) {
        return backendError(current);
      }
      ObjectNode replacement = editableFields(current.body());
      replacement.setAll(changes);
      response = backend.call("PUT", taskPath(caller, taskId), caller.bearerToken(), replacement, current.etag());
      if (response.status() != 412) {
        break;
      }
    }
    return response.ok() ? ok("task", compactTask(response.body())) : backendError(response);
  }

  private ToolOutcome complete(Caller caller, Arguments args) {
    args.onlyKnown(Set.of("taskId", "completed"));
    String taskId = args.taskId("taskId");
    boolean completed = args.bool("completed").orElse(true);
    if (!args.errors().isEmpty()) {
      return rejected(args.errors());
    }
    ObjectNode body = Json.mapper().createObjectNode().put("completed", completed);
    BackendResponse response = backend.call("PATCH", taskPath(caller, taskId) + "/complete", caller.bearerToken(),
        body, null);
    return response.ok() ? ok("task", compactTask(response.body())) : backendError(response);
  }

  private ToolOutcome delete(Caller caller, Arguments args) {
    args.onlyKnown(Set.of("taskId"));
    String taskId = args.taskId("taskId");
    if (!args.errors().isEmpty()) {
      return rejected(args.errors());
    }
    BackendResponse response = backend.call("DELETE", taskPath(caller, taskId), caller.bearerToken(), null, null);
    if (!response.ok()) {
      return backendError(response);
    }
    return new ToolOutcome(Json.mapper().createObjectNode().put("ok", true).put("deleted", taskId), "ok");
  }

  private static void copyEditable(Arguments args, ObjectNode body) {
    args.text("description", DESCRIPTION_MAX).ifPresent(v -> body.put("description", v));
    args.oneOf("priority", Set.copyOf(PRIORITIES)).ifPresent(v -> body.put("priority", v));
    args.textList("tags", TAGS_MAX, TAG_MAX).ifPresent(tags -> {
      ArrayNode array = body.putArray("tags");
      tags.forEach(array::add);
    });
    args.dateTime("dueAt").ifPresent(v -> body.put("dueAt", v));
    args.dateTime("remindAt").ifPresent(v -> body.put("remindAt", v));
  }

  /** The fields a PUT takes, from a task as the backend shows it. */
  private static ObjectNode editableFields(JsonNode task) {
    ObjectNode fields = Json.mapper().createObjectNode();
    for (String name : List.of("title", "description", "priority", "tags", "dueAt", "remindAt", "recurrence")) {
      JsonNode value = task.get(name);
      if (value != null && !value.isNull()) {
        fields.set(name, value);
      }
    }
    return fields;
  }

  /** What the model needs of a task (bookkeeping fields left out, to keep results small). */
  private static ObjectNode compactTask(JsonNode task) {
    ObjectNode compact = Json.mapper().createObjectNode();
    for (String name : List.of("id", "title", "description", "priority", "tags", "dueAt", "remindAt",
        "recurrence", "completed", "completedAt")) {
      JsonNode value = task.get(name);
      if (value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())
          && !(value.isArray() && value.isEmpty())) {
        compact.set(name, value);
      }
    }
    return compact;
  }

  private static ToolOutcome ok(String field, JsonNode value) {
    ObjectNode result = Json.mapper().createObjectNode().put("ok", true);
    result.set(field, value);
    return new ToolOutcome(result, "ok");
  }

  private static ToolOutcome rejected(List<FieldError> errors) {
    return new ToolOutcome(error("invalid arguments; nothing was changed", errors), "rejected");
  }

  /** The backend refused (4xx) or failed (5xx): its problem's detail and field errors, for the model to read. */
  private static ToolOutcome backendError(BackendResponse response) {
    JsonNode problem = response.body();
    String detail = problem.path("detail").asText("");
    ObjectNode result = Json.mapper().createObjectNode().put("ok", false).put("status", response.status())
        .put("error", detail.isEmpty() ? "the task service answered HTTP " + response.status() : detail);
    if (problem.path("errors").isArray()) {
      result.set("errors", problem.get("errors"));
    }
    return new ToolOutcome(result, response.status() < 500 ? "backend_4xx" : "backend_error");
  }

  private static JsonNode error(String message, List<FieldError> errors) {
    ObjectNode result = Json.mapper().createObjectNode().put("ok", false).put("error", message);
    if (!errors.isEmpty()) {
      ArrayNode list = result.putArray("errors");
      errors.forEach(e -> list.addObject().put("field", e.field()).put("message", e.message()));
    }
    return result;
  }

  private static String tasksPath(Caller caller) {
    return "/api/" + encode(caller.userId()) + "/tasks";
  }

  private static String taskPath(Caller caller, String taskId) {
    return tasksPath(caller) + "/" + taskId;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A query string built from validated values, each one encoded. */
  private static final class Query {
    private final StringJoiner joiner = new StringJoiner("&", "?", "");

    void add(String name, String value) {
      joiner.add(name + "=" + encode(value));
    }

    @Override
    public String toString() {
      return joiner.toString();
    }
  }
}
