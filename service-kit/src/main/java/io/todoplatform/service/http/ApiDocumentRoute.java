package io.todoplatform.service.http;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves a service's committed OpenAPI 3.1 document ({@code src/main/resources/openapi.json}) at
 * {@code /openapi.json}. Each service's contract test keeps it and the registered routes in step.
 */
public final class ApiDocumentRoute {
  public static final String PATH = "/openapi.json";
  public static final String RESOURCE = "/openapi.json";

  private final byte[] document;

  private ApiDocumentRoute(byte[] document) {
    this.document = document;
  }

  /**
   * Read once at start, from the classpath of the service's own class (its jar): a jar without its document is a
   * build error, not something to find out per request.
   */
  public static ApiDocumentRoute fromClasspathOf(Class<?> service) {
    try (InputStream in = service.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the classpath");
      }
      return new ApiDocumentRoute(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void register(RoutesConfig routes) {
    routes.get(PATH, ctx -> ctx.status(200).contentType("application/json").result(document));
  }
}
