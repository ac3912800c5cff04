package io.todoplatform.app.domain;

/**
 * The first answer to a create with an Idempotency-Key, kept (for a day) to answer its retries.
 *
 * @param requestHash hash of the request body, so a key reused for another request is recognised
 */
public record IdempotentResult(String requestHash, TaskSnapshot task, long version) {}
