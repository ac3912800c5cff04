package io.todoplatform.operator.support.specgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A generator of random values from a seeded {@link Random}: the same seed gives the same values, so a failing case
 * is reproduced by its seed. Small on purpose (no shrinking): the tests print the whole failing document instead.
 * Boundaries come often: integers and lengths hit their limits in about one case of five.
 */
@FunctionalInterface
public interface Gen<T> {
  T next(Random random);

  default <U> Gen<U> map(Function<? super T, ? extends U> function) {
    return random -> function.apply(next(random));
  }

  default <U> Gen<U> flatMap(Function<? super T, Gen<? extends U>> function) {
    return random -> function.apply(next(random)).next(random);
  }

  /** null with the given probability: "left out". */
  default Gen<T> orNull(double probability) {
    return random -> random.nextDouble() < probability ? null : next(random);
  }

  default Gen<List<T>> list(int min, int max) {
    Gen<Integer> size = ints(min, max);
    return random -> {
      int n = size.next(random);
      List<T> list = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        list.add(next(random));
      }
      return list;
    };
  }

  default Gen<Object> asObject() {
    return map(value -> (Object) value);
  }

  static <T> Gen<T> constant(T value) {
    return random -> value;
  }

  @SafeVarargs
  static <T> Gen<T> of(T... values) {
    return random -> values[random.nextInt(values.length)];
  }

  static <T> Gen<T> of(List<T> values) {
    return random -> values.get(random.nextInt(values.size()));
  }

  @SafeVarargs
  static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
    return random -> gens[random.nextInt(gens.length)].next(random);
  }

  /** Picks a generator with probability weight / (sum of weights). */
  static <T> Gen<T> weighted(List<Weighted<T>> choices) {
    int total = choices.stream().mapToInt(Weighted::weight).sum();
    return random -> {
      int pick = random.nextInt(total);
      for (Weighted<T> choice : choices) {
        pick -= choice.weight();
        if (pick < 0) {
          return choice.gen().next(random);
        }
      }
      throw new IllegalStateException("weights changed");
    };
  }

  record Weighted<T>(int weight, Gen<? extends T> gen) {}

  static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
    return new Weighted<>(weight, gen);
  }

  /** An int in [min, max], either end itself in one case of five. */
  static Gen<Integer> ints(int min, int max) {
    return random -> {
      int edge = random.nextInt(10);
      if (edge == 0) {
        return min;
      }
      if (edge == 1) {
        return max;
      }
      return (int) (min + (long) (random.nextDouble() * ((long) max - min + 1)));
    };
  }

  static Gen<Long> longs(long min, long max) {
    return random -> min + (long) (random.nextDouble() * (double) (max - min));
  }

  /** A string of the given characters, of length in [min, max] (either end in one case of five). */
  static Gen<String> strings(String chars, int min, int max) {
    Gen<Integer> length = ints(min, max);
    return random -> {
      int n = length.next(random);
      StringBuilder text = new StringBuilder(n);
      for (int i = 0; i < n; i++) {
        text.append(chars.charAt(random.nextInt(chars.length())));
      }
      return text.toString();
    };
  }

  /** A string of code points in [from, to] (no surrogates unless asked), length in [0, max]. */
  static Gen<String> codePoints(int from, int to, int max) {
    Gen<Integer> length = ints(0, max);
    return random -> {
      int n = length.next(random);
      StringBuilder text = new StringBuilder();
      while (text.codePointCount(0, text.length()) < n) {
        int codePoint = from + random.nextInt(to - from + 1);
        if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
          text.appendCodePoint(codePoint);
        }
      }
      return text.toString();
    };
  }
}
