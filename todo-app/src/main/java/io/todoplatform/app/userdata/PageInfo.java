package io.todoplatform.app.userdata;

/** One index page as the head knows it: its number, how many tasks it lists and its size in bytes. */
public record PageInfo(long n, int count, int bytes) {}
