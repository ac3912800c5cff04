package io.todoplatform.app.api;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the committed OpenAPI 3.1 document ({@code src/main/resources/openapi.json}) at {@code /openapi.json}. The
 * contract tests keep it and the registered routes in step (OpenApiContractTest).
 */
public final class ApiDocumentRoute {
  public static final String PATH = "/openapi.json";
  static final String RESOURCE = "/openapi.json";

  private final byte[] document;

  private ApiDocumentRoute(byte[] document) {
    this.document = document;
  }

  /** Read once at start: a jar without its document is a build error, not something to find out per request. */
  static ApiDocumentRoute fromClasspath() {
    try (InputStream in = ApiDocumentRoute.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the classpath");
      }
      return new ApiDocumentRoute(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void register(RoutesConfig routes) {
    routes.get(PATH, ctx -> ctx.status(200).contentType("application/json").result(document));
  }
}
