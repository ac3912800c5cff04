package io.todoplatform.app.activity;

import com.fasterxml.jackson.databind.JsonNode;

/** One consumed CloudEvent as the activity feed shows it. */
public record ActivityEntry(String id, String type, String subject, String time, String receivedAt, JsonNode data) {}
