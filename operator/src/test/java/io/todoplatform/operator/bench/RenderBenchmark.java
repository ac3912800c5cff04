package io.todoplatform.operator.bench;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.todoplatform.operator.api.v1alpha1.TodoPlatform;
import io.todoplatform.operator.render.ManifestWriter;
import io.todoplatform.operator.render.RenderOptions;
import io.todoplatform.operator.render.TodoPlatformRenderer;
import io.todoplatform.operator.support.Samples;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How much a reconciliation's render costs, against a baseline measured in the same run: a JSON round trip of the
 * same TodoPlatform (the least any reconciler does with its resource). Run by hack/bench.sh, not by the tests:
 * timings belong in a benchmark, machines are noisy, so only the ratio is meant to be compared between runs.
 */
public final class RenderBenchmark {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private RenderBenchmark() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    TodoPlatform platform = Samples.production();
    Measurement baseline = measure("baseline: JSON round trip of the TodoPlatform", iterations,
        () -> SERIALIZATION.unmarshal(SERIALIZATION.asJson(platform), TodoPlatform.class));
    Measurement render = measure("render (kubernetes target, 12 objects)", iterations,
        () -> TodoPlatformRenderer.render(platform, RenderOptions.kubernetes()));
    Measurement renderYaml = measure("render + YAML (what `render` prints)", iterations / 4,
        () -> ManifestWriter.toYaml(TodoPlatformRenderer.render(platform, RenderOptions.kubernetes()).inApplyOrder()));
    System.out.println();
    for (Measurement m : new Measurement[] {baseline, render, renderYaml}) {
      System.out.printf(Locale.ROOT, "%-48s %9.1f us/op  %9.1f KiB/op  %5.1fx baseline time  %5.1fx baseline alloc%n",
          m.name, m.nanosPerOp / 1000, m.bytesPerOp / 1024, m.nanosPerOp / baseline.nanosPerOp,
          m.bytesPerOp / baseline.bytesPerOp);
    }
  }

  record Measurement(String name, double nanosPerOp, double bytesPerOp) {}

  static Measurement measure(String name, int iterations, Supplier<?> operation) {
    for (int i = 0; i < iterations / 2; i++) {
      operation.get();
    }
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    double best = Double.MAX_VALUE;
    double bytes = 0;
    // Best of five rounds: the least disturbed by the other work on a shared machine.
    for (int round = 0; round < 5; round++) {
      long allocatedBefore = threads.getThreadAllocatedBytes(thread);
      long start = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        operation.get();
      }
      double nanos = (System.nanoTime() - start) / (double) iterations;
      bytes = (threads.getThreadAllocatedBytes(thread) - allocatedBefore) / (double) iterations;
      best = Math.min(best, nanos);
    }
    return new Measurement(name, best, bytes);
  }
}
