package io.todoplatform.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of todo-operator.jar. */
@Command(name = "todo-operator", mixinStandardHelpOptions = true, version = "todo-operator 0.1.0",
    description = "Kubernetes operator for TodoPlatform resources (platform.todo.io/v1alpha1).",
    subcommands = {RenderCommand.class, RunCommand.class})
public class TodoOperatorCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new TodoOperatorCommand());
  }
}
