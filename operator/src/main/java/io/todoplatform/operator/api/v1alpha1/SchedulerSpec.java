package io.todoplatform.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;

/**
 * The reminder sweep: a bindings.cron component that calls the app periodically. Exact-time reminders themselves
 * use Dapr's Jobs API, which needs no component.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchedulerSpec {
  public static final String DEFAULT_NAME = "scheduler";
  public static final String DEFAULT_SWEEP_SCHEDULE = "@every 1m";

  @Default("true")
  @JsonPropertyDescription("Create the sweep binding.")
  private Boolean enabled;

  @Default(DEFAULT_NAME)
  @Pattern(Patterns.DNS1123_SUBDOMAIN)
  @JsonPropertyDescription("Name of the bindings.cron Component; the app receives POST /<name>.")
  private String name;

  @Default("\"@every 1m\"") // quoted: the generator parses defaults as YAML
  @Pattern(Patterns.CRON_SCHEDULE)
  @JsonPropertyDescription("How often the sweep runs: @every DURATION, @hourly..., or 5/6 cron fields.")
  private String sweepSchedule;

  public Boolean getEnabled() { return enabled; }
  public void setEnabled(Boolean enabled) { this.enabled = enabled; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getSweepSchedule() { return sweepSchedule; }
  public void setSweepSchedule(String sweepSchedule) { this.sweepSchedule = sweepSchedule; }
}
