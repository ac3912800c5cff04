package io.todoplatform.service.http;

import io.javalin.Javalin;
import java.util.List;
import java.util.Locale;

/** The HTTP routes a started server really serves, read from Javalin's router (filters such as before() left out). */
public final class RouteTable {
  /** One route: method (upper case) and path template in OpenAPI form ({@code /api/{userId}/tasks}). */
  public record Route(String method, String path) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  private RouteTable() {}

  public static List<Route> of(Javalin server) {
    return server.unsafe.internalRouter.allHttpHandlers().stream()
        .map(parsed -> parsed.endpoint)
        .filter(endpoint -> endpoint.method.isHttpMethod())
        .map(endpoint -> new Route(endpoint.method.name().toUpperCase(Locale.ROOT), endpoint.path))
        .distinct()
        .toList();
  }
}
