package io.todoplatform.operator.support.specgen;

import java.util.List;

/**
 * One field of a TodoPlatform (a dotted path from the document's root) with values it should accept and values it
 * must refuse. Whether a "valid" value is accepted may still depend on other fields (a port equal to the metrics
 * port, two components of one name): the tests never assume an outcome, they compare or check the answer.
 */
public record Field(String path, Gen<Object> valid, Gen<Object> invalid) {
  public List<String> segments() {
    return List.of(path.split("\\."));
  }
}
