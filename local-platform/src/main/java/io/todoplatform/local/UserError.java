package io.todoplatform.local;

/**
 * Something the user can put right (a missing prerequisite, a port in use, a TodoPlatform the local platform cannot
 * run), said in one message: printed as it is, never with a stack trace; the command exits with status 2.
 */
final class UserError extends RuntimeException {

    UserError(String message) {
        super(message);
    }
}
