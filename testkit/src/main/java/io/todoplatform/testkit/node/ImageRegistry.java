package io.todoplatform.testkit.node;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The images this node can "pull": exact references only, as a registry would serve them. A pod naming any other
 * image waits with {@code ErrImagePull}, as on a cluster whose registry lacks it.
 */
public final class ImageRegistry {

    private final Map<String, ContainerImage> images = new ConcurrentHashMap<>();

    public ImageRegistry add(ContainerImage image) {
        images.put(image.reference(), image);
        return this;
    }

    public Optional<ContainerImage> find(String reference) {
        return Optional.ofNullable(images.get(reference));
    }
}
