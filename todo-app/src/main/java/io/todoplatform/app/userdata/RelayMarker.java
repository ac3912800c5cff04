package io.todoplatform.app.userdata;

/** The marker document at {@link StateKeys#relayMarker}: the user a relay ring slot stands for. */
public record RelayMarker(String userId) {}
