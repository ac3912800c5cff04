package io.todoplatform.app.userdata;

/**
 * Which replicas are alive, and the ring slots of this replica's relay markers (implemented by the relay's replica
 * registry). A user's delivery lease names a replica and a slot; the marker at that slot is what lets another
 * replica find the user again if this one dies between commit and delivery, without walking all users.
 */
public interface DeliveryLeases {

  /** This replica's id. */
  String self();

  /** False once a replica's heartbeat is older than the staleness limit (or it is unknown). */
  boolean isAlive(String replicaId);

  /** Reserves a free slot of this replica's ring for a user. */
  int acquireSlot(String userId);

  /** The slot is free again (its marker was deleted, or never written). */
  void releaseSlot(int slot);
}
