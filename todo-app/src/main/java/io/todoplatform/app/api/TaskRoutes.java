package io.todoplatform.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.todoplatform.app.activity.ActivityFeed;
import io.todoplatform.app.auth.UserAccess;
import io.todoplatform.app.domain.FieldError;
import io.todoplatform.app.domain.TaskNotFoundException;
import io.todoplatform.app.domain.TaskPage;
import io.todoplatform.app.domain.TaskDraft;
import io.todoplatform.app.domain.TaskRecord;
import io.todoplatform.app.domain.TaskService;
import io.todoplatform.app.domain.TaskSnapshot;
import io.todoplatform.app.domain.ValidationException;
import io.todoplatform.app.support.Json;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The user-facing REST API under {@code /api/{userId}}. */
public final class TaskRoutes {
  private static final List<String> JSON = List.of("application/json");
  private static final Pattern TASK_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
  private static final Pattern IF_MATCH = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

  private final TaskService tasks;
  private final ActivityFeed activity;
  private final UserAccess access;

  public TaskRoutes(TaskService tasks, ActivityFeed activity, UserAccess access) {
    this.tasks = tasks;
    this.activity = activity;
    this.access = access;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/{userId}/tasks", this::list);
    routes.post("/api/{userId}/tasks", this::create);
    routes.get("/api/{userId}/tasks/{taskId}", this::get);
    routes.put("/api/{userId}/tasks/{taskId}", this::replace);
    routes.delete("/api/{userId}/tasks/{taskId}", this::delete);
    routes.patch("/api/{userId}/tasks/{taskId}/complete", this::complete);
    routes.get("/api/{userId}/activity", this::activity);
  }

  private String user(Context ctx) {
    return access.authorize(ctx.header("Authorization"), ctx.pathParam("userId"));
  }

  private void list(Context ctx) {
    String userId = user(ctx);
    TaskPage page = tasks.list(userId, ListQueryParser.parse(ctx.queryParamMap()));
    Responses.json(ctx, 200, new PageBody(page.items().stream().map(TaskRecord::snapshot).toList(),
        page.nextCursor()));
  }

  /**
   * A create; with an {@code Idempotency-Key} a retry (after a timeout that hid the commit, say) gets the first
   * answer again, marked {@code Idempotent-Replayed: true}, and creates nothing.
   */
  private void create(Context ctx) {
    String userId = user(ctx);
    String key = idempotencyKey(ctx);
    ObjectNode body = JsonBodyReader.readObject(ctx, JSON);
    TaskDraft draft = TaskInputParser.parse(body);
    TaskService.IdempotencyKey idempotency = key == null ? null
        : new TaskService.IdempotencyKey(Hashes.sha256(key), Hashes.sha256(Json.mapper().valueToTree(draft).toString()));
    TaskService.Created created = tasks.create(userId, draft, RequestTracing.traceparent(ctx), idempotency);
    ctx.header("Location", "/api/" + userId + "/tasks/" + created.task().id());
    if (created.replayed()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    Responses.snapshot(ctx, 201, created.task(), created.version());
  }

  /** 1-255 visible ASCII characters (the IETF draft's key is a string; a UUID is typical). */
  private static String idempotencyKey(Context ctx) {
    String key = ctx.header("Idempotency-Key");
    if (key == null) {
      return null;
    }
    if (!IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw new ValidationException(List.of(new FieldError("Idempotency-Key",
          "must be 1-255 visible ASCII characters, e.g. a UUID")));
    }
    return key;
  }

  private void get(Context ctx) {
    String userId = user(ctx);
    Responses.task(ctx, 200, tasks.get(userId, taskId(ctx)));
  }

  private void replace(Context ctx) {
    String userId = user(ctx);
    String taskId = taskId(ctx);
    Long expected = ifMatch(ctx);
    ObjectNode body = JsonBodyReader.readObject(ctx, JSON);
    TaskRecord task = tasks.replace(userId, taskId, TaskInputParser.parse(body), expected,
        RequestTracing.traceparent(ctx));
    Responses.task(ctx, 200, task);
  }

  private void delete(Context ctx) {
    String userId = user(ctx);
    tasks.delete(userId, taskId(ctx), ifMatch(ctx), RequestTracing.traceparent(ctx));
    ctx.status(204);
  }

  private void complete(Context ctx) {
    String userId = user(ctx);
    String taskId = taskId(ctx);
    ObjectNode body = JsonBodyReader.readObject(ctx, JSON);
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("completed")) {
        throw ValidationException.of(name, "unknown field (only 'completed' is accepted)");
      }
    }
    JsonNode completed = body.get("completed");
    if (completed == null || !completed.isBoolean()) {
      throw ValidationException.of("completed", "is required and must be true or false");
    }
    Responses.task(ctx, 200, tasks.setCompleted(userId, taskId, completed.booleanValue(),
        RequestTracing.traceparent(ctx)));
  }

  private void activity(Context ctx) {
    String userId = user(ctx);
    int limit = ActivityFeed.CAPACITY;
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      if (!param.getKey().equals("limit")) {
        throw ValidationException.of(param.getKey(), "unknown query parameter");
      }
      try {
        limit = Integer.parseInt(param.getValue().get(0));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > ActivityFeed.CAPACITY) {
        throw ValidationException.of("limit", "must be an integer from 1 to " + ActivityFeed.CAPACITY);
      }
    }
    Responses.json(ctx, 200, Map.of("items", activity.recent(userId, limit)));
  }

  /** A listing page; {@code nextCursor} is null on the last page. */
  record PageBody(List<TaskSnapshot> items, String nextCursor) {}

  /** Ids are UUIDs; anything else cannot name a task (and must not reach a state key). */
  private static String taskId(Context ctx) {
    String taskId = ctx.pathParam("taskId");
    if (!TASK_ID.matcher(taskId).matches()) {
      throw new TaskNotFoundException(taskId);
    }
    return taskId;
  }

  private static Long ifMatch(Context ctx) {
    String header = ctx.header("If-Match");
    if (header == null || header.isBlank() || header.trim().equals("*")) {
      return null;
    }
    var m = IF_MATCH.matcher(header.trim());
    if (!m.matches()) {
      throw new ValidationException(List.of(new FieldError("If-Match",
          "must be the task's ETag as returned by this API, e.g. \"3\"")));
    }
    return Long.parseLong(m.group(1));
  }
}
