package io.todoplatform.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A user's index is a set of pages of at most 100 tasks each: listing works across pages, deleting tasks frees
 * room that new tasks reuse, and empty pages are removed (pages never accumulate).
 */
class IndexPagesApiTest extends OneUserApiTest {

  private List<String> pages() {
    return app.store().keysStartingWith("user:" + user + ":page:");
  }

  private List<String> createMany(int count, String prefix) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(app.api.createTask(user, token, "{\"title\":\"" + prefix + " " + i + "\",\"tags\":[\"t" + (i % 3)
          + "\"]}").get("id").asText());
    }
    return ids;
  }

  private Set<String> listAll(String query) {
    Set<String> seen = new HashSet<>();
    String cursor = null;
    do {
      JsonNode page = app.api.get(tasks + "?limit=37&" + query + (cursor == null ? "" : "&cursor=" + cursor), token)
          .json();
      page.get("items").forEach(t -> assertThat(seen.add(t.get("id").asText())).as("listed once").isTrue());
      cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
    } while (cursor != null);
    return seen;
  }

  @Test
  void tasksSpreadOverPagesListPageAndFilterAndEmptyPagesGoAway() {
    List<String> ids = createMany(250, "task");
    assertThat(pages()).hasSize(3);
    assertThat(listAll("sort=title")).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(listAll("tag=t1")).hasSize(83);

    for (String id : ids.subList(0, 200)) {
      assertThat(app.api.delete(tasks + "/" + id, token).status()).isEqualTo(204);
    }
    assertThat(pages()).as("the two emptied pages are deleted").hasSize(1);
    assertThat(listAll("sort=createdAt")).containsExactlyInAnyOrderElementsOf(ids.subList(200, 250));

    List<String> more = createMany(50, "refill");
    assertThat(pages()).as("new tasks fill the page with room before a new one is opened").hasSize(1);

    for (String id : ids.subList(200, 250)) {
      app.api.delete(tasks + "/" + id, token);
    }
    for (String id : more) {
      app.api.delete(tasks + "/" + id, token);
    }
    assertThat(pages()).isEmpty();
    assertThat(app.api.get(tasks, token).json().get("items")).isEmpty();
  }

  @Test
  void aTextSearchReadsDescriptionsOnlyOfCandidatesAndFindsMatchesOnAnyPage() {
    for (int i = 0; i < 120; i++) {
      app.api.createTask(user, token, "{\"title\":\"t" + i + "\",\"description\":\"" + (i % 40 == 7 ? "needle" : "hay")
          + "\"}");
    }

    JsonNode found = app.api.get(tasks + "?q=NEEDLE&limit=2", token).json();

    assertThat(found.get("items").findValuesAsText("title")).containsExactly("t7", "t47");
    JsonNode rest = app.api.get(tasks + "?q=needle&limit=2&cursor=" + found.get("nextCursor").asText(), token).json();
    assertThat(rest.get("items").findValuesAsText("title")).containsExactly("t87");
    assertThat(rest.get("nextCursor").isNull()).isTrue();
  }
}
