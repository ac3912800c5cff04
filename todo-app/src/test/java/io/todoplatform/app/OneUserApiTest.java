package io.todoplatform.app;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The real application in embedded mode for one test class, and a fresh user (with a token and the path of their
 * tasks) for each test, so tests never see each other's data.
 */
abstract class OneUserApiTest {
  static TestApp app;
  final String user = TestApp.newUser();
  final String token = TestApp.token(user);
  final String tasks = "/api/" + user + "/tasks";

  @BeforeAll
  static void startApp() {
    app = TestApp.start();
  }

  @AfterAll
  static void stopApp() {
    app.close();
  }
}
