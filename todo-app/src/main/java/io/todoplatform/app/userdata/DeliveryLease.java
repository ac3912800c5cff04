package io.todoplatform.app.userdata;

/** The replica that delivers a user's outbox, and the ring slot of its marker ({@link StateKeys#relayMarker}). */
public record DeliveryLease(String owner, int slot) {}
