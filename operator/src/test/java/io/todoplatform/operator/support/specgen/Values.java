package io.todoplatform.operator.support.specgen;

import static io.todoplatform.operator.support.specgen.Gen.weight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Generators of the kinds of values a TodoPlatform holds: each kind's valid values and the ones it must refuse. */
public final class Values {
  private static final String ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

  private Values() {}

  /** A DNS-1123 label of 1..max characters, the longest ones included. */
  public static Gen<String> dnsLabel(int max) {
    Gen<String> edge = Gen.strings(ALNUM, 1, 1);
    Gen<String> longer = random -> edge.next(random) + Gen.strings(ALNUM + "-", 0, max - 2).next(random)
        + edge.next(random);
    return Gen.weighted(List.of(weight(1, edge), weight(6, longer), weight(1, Gen.strings(ALNUM, max, max))));
  }

  /** A DNS-1123 subdomain of one to three labels. */
  public static Gen<String> subdomain() {
    return dnsLabel(20).list(1, 3).map(labels -> String.join(".", labels));
  }

  /** What a name must refuse: upper case, dots and dashes in the wrong place, blanks, unicode, too long. */
  public static Gen<String> badName() {
    return Gen.oneOf(
        Gen.of("", " ", "-a", "a-", "A", "a_b", "a b", "a..b", ".a", "名前", "ä", "a\nb", "kafka:9092",
            "a".repeat(64), "a".repeat(254)),
        hostileString());
  }

  /** Any text: control characters, unicode of every plane, boundaries of length. */
  public static Gen<String> hostileString() {
    return Gen.oneOf(
        Gen.codePoints(1, 0x10FFFF, 40),
        Gen.codePoints(1, 0x2FFF, 70),
        Gen.strings(printableAscii(), 0, 300),
        Gen.of("", " ", "\t", "null", "true", "~", "0", "1e3", "-1", "😀", "\u200B", "\u00A0", "名前", "ÄÖÜ", "\\",
            "\"", "'", "#", "{}", "[]", "${HOME}", "a\u0000b", "\u00B5s", "1\u00B5s", "1\u03BCs", "\uFEFF", "\r\n"));
  }

  private static String printableAscii() {
    StringBuilder chars = new StringBuilder();
    for (char c = ' '; c <= '~'; c++) {
      chars.append(c);
    }
    return chars.toString();
  }

  /** A value of a type the field does not have. */
  public static Gen<Object> wrongType() {
    return Gen.oneOf(
        Gen.ints(Integer.MIN_VALUE, Integer.MAX_VALUE).asObject(),
        Gen.longs(1L << 31, Long.MAX_VALUE).asObject(),
        Gen.of(1.5, -0.25, 1e300, 8000.0).asObject(),
        Gen.of(true, false).asObject(),
        hostileString().asObject(),
        Gen.of(List.of("x"), Map.of("x", "y"), List.of(), Map.of()).asObject());
  }

  public static Gen<Object> port() {
    return Gen.oneOf(Gen.ints(1, 65535), Gen.of(1, 80, 8000, 8080, 9090, 65535, 3500, 50001, 50002)).asObject();
  }

  public static Gen<Object> badPort() {
    return Gen.oneOf(Gen.of(0, -1, 65536, 70000, Integer.MAX_VALUE, Integer.MIN_VALUE),
        Gen.ints(Integer.MIN_VALUE, 0), Gen.ints(65536, Integer.MAX_VALUE)).asObject();
  }

  public static Gen<Object> atLeast(int min) {
    return Gen.oneOf(Gen.of(min, min + 1, Integer.MAX_VALUE), Gen.ints(min, min + 1000)).asObject();
  }

  public static Gen<Object> below(int min) {
    return Gen.oneOf(Gen.of(min - 1, Integer.MIN_VALUE), Gen.ints(Integer.MIN_VALUE, min - 1)).asObject();
  }

  public static Gen<Object> bool() {
    return Gen.of(true, false).asObject();
  }

  public static Gen<String> duration() {
    Gen<String> part = random -> Gen.ints(0, 600).next(random)
        + Gen.of("ns", "us", "\u00B5s", "ms", "s", "m", "h").next(random);
    return Gen.oneOf(Gen.of("5s", "1m30s", "250ms", "1.5h", "0s"),
        part.list(1, 3).map(parts -> String.join("", parts)));
  }

  public static Gen<String> badDuration() {
    return Gen.oneOf(Gen.of("5", "s", "-5s", "5 s", "5S", "1d", "5s ", "", "P1D", "1..5s", ".5s"), hostileString());
  }

  public static Gen<String> topic() {
    return Gen.oneOf(Gen.strings("abcXYZ019._-", 1, 30),
        Gen.of("task-events", "task-updates", "reminders", "task-deadletters", "a".repeat(249)));
  }

  public static Gen<String> badTopic() {
    return Gen.oneOf(Gen.of("", "a b", "a/b", "ü", "a".repeat(250)), hostileString());
  }

  public static Gen<String> hostPort() {
    Gen<String> host = Gen.oneOf(subdomain(), Gen.of("Kafka.Example.COM", "10.0.0.1", "localhost"));
    return random -> host.next(random) + ":" + Gen.ints(0, 99999).next(random);
  }

  public static Gen<String> badHostPort() {
    return Gen.oneOf(Gen.of("kafka", "kafka:", ":9092", "kafka:123456", "-kafka:9092", "kafka :9092", "[::1]:9092",
        "kafka:9092:1"), hostileString());
  }

  public static Gen<String> secretKey() {
    return Gen.strings("abcXYZ019._-", 1, 40);
  }

  public static Gen<String> badSecretKey() {
    return Gen.oneOf(Gen.of("", "a/b", "a b", "ä"), hostileString());
  }

  public static Gen<String> sqlTable() {
    Gen<String> identifier = random -> Gen.strings("abcXYZ_", 1, 1).next(random)
        + Gen.strings("abcXYZ_019", 0, 62).next(random);
    return Gen.oneOf(identifier, random -> identifier.next(random) + "." + identifier.next(random));
  }

  public static Gen<String> badSqlTable() {
    return Gen.oneOf(Gen.of("1state", "todo-state", "a.b.c", "a" + "b".repeat(63), ""), hostileString());
  }

  public static Gen<String> samplingRate() {
    return Gen.of("0", "1", "0.5", "0.0001", "1.0", "1.000");
  }

  public static Gen<String> badSamplingRate() {
    return Gen.of("1.5", "2", "-0.1", ".5", "1.01", "", "one", "0,5", "0.");
  }

  public static Gen<String> cron() {
    return Gen.of("@every 1m", "@every 1h30m", "@hourly", "@daily", "@midnight", "*/5 * * * *", "0 */5 * * * *",
        "0 0 * * 1-5", "@every 0.5s");
  }

  public static Gen<String> badCron() {
    return Gen.of("every minute", "@every", "@every 1", "* * * *", "* * * * * * *", "@sometimes", "", " * * * * *");
  }

  /** A Kubernetes quantity, by the API server's grammar. */
  public static Gen<Object> quantity() {
    return Gen.oneOf(Gen.of("100m", "0.5", "1", "128Mi", "1Gi", "2", "250m", "1e3", "1.5Gi", "64M", "0"),
        Gen.ints(0, 64)).asObject();
  }

  public static Gen<Object> badQuantity() {
    return Gen.oneOf(Gen.of("", "abc", "1 Gi", "1gi", "Mi", "1..5", "--1", "1Mii", "0x10"), hostileString())
        .asObject();
  }

  /** requests and limits of cpu and memory, each present or not. */
  public static Gen<Object> resources(Gen<Object> quantity) {
    Gen<Map<String, Object>> amounts = random -> {
      Map<String, Object> map = new LinkedHashMap<>();
      putUnlessNull(map, "cpu", quantity.orNull(0.3).next(random));
      putUnlessNull(map, "memory", quantity.orNull(0.3).next(random));
      return map;
    };
    return random -> {
      Map<String, Object> resources = new LinkedHashMap<>();
      putUnlessNull(resources, "requests", amounts.orNull(0.3).next(random));
      putUnlessNull(resources, "limits", amounts.orNull(0.3).next(random));
      return resources;
    };
  }

  public static Gen<Object> stringMap(Gen<String> keys, Gen<String> values, int min, int max) {
    return random -> {
      Map<String, Object> map = new LinkedHashMap<>();
      int size = Gen.ints(min, max).next(random);
      for (int i = 0; i < size; i++) {
        map.put(keys.next(random), values.next(random));
      }
      return map;
    };
  }

  public static <T> Gen<Object> listOf(Gen<T> items, int min, int max) {
    return items.list(min, max).asObject();
  }

  static void putUnlessNull(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
