package io.todoplatform.operator.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the real command line in-process and captures what a user would see. */
final class RenderCommandRunner {
  record Result(int exitCode, String out, String err) {}

  private RenderCommandRunner() {}

  static Result run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = TodoOperatorCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    InputStream previous = System.in;
    try {
      if (stdin != null) {
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      }
      int code = commandLine.execute(args);
      return new Result(code, out.toString(), err.toString());
    } finally {
      System.setIn(previous);
    }
  }
}
