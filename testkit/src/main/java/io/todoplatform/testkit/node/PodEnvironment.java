package io.todoplatform.testkit.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment and command line, resolved the way the kubelet resolves them: the image's ENV, the
 * Service environment variables of the namespace (enableServiceLinks) and of the {@code kubernetes} Service,
 * envFrom, then env in order, with {@code valueFrom} read from the API server (Secrets, ConfigMaps, the pod's own
 * fields) and {@code $(VAR)} references expanded in values, command and args.
 */
final class PodEnvironment {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    /** A container cannot start yet: a referenced Secret/ConfigMap/key is missing (CreateContainerConfigError). */
    static final class ConfigError extends Exception {
        ConfigError(String message) {
            super(message);
        }
    }

    private PodEnvironment() {
    }

    static Map<String, String> resolve(KubernetesClient client, Pod pod, Container container, ContainerImage image)
            throws ConfigError {
        Map<String, String> env = new LinkedHashMap<>(image.env());
        env.putIfAbsent("PATH", ContainerImage.DEFAULT_PATH);
        env.put("HOSTNAME", hostname(pod));
        env.putAll(serviceLinks(client, pod));
        String namespace = pod.getMetadata().getNamespace();
        if (container.getEnvFrom() != null) {
            for (EnvFromSource source : container.getEnvFrom()) {
                String prefix = source.getPrefix() == null ? "" : source.getPrefix();
                if (source.getSecretRef() != null) {
                    Secret secret = client.secrets().inNamespace(namespace).withName(source.getSecretRef().getName()).get();
                    if (secret == null) {
                        if (!Boolean.TRUE.equals(source.getSecretRef().getOptional())) {
                            throw new ConfigError("secret \"" + source.getSecretRef().getName() + "\" not found");
                        }
                    } else if (secret.getData() != null) {
                        secret.getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
                    }
                }
                if (source.getConfigMapRef() != null) {
                    ConfigMap map = client.configMaps().inNamespace(namespace).withName(source.getConfigMapRef().getName()).get();
                    if (map == null) {
                        if (!Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
                            throw new ConfigError("configmap \"" + source.getConfigMapRef().getName() + "\" not found");
                        }
                    } else if (map.getData() != null) {
                        map.getData().forEach((k, v) -> env.put(prefix + k, v));
                    }
                }
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar variable : container.getEnv()) {
                String value = variable.getValueFrom() != null
                        ? valueFrom(client, pod, variable.getName(), variable.getValueFrom())
                        : expand(variable.getValue() == null ? "" : variable.getValue(), env);
                if (value != null) {
                    env.put(variable.getName(), value);
                }
            }
        }
        return env;
    }

    /** ENTRYPOINT/CMD of the image unless the container sets command/args, with $(VAR) expanded in the latter. */
    static List<String> argv(Container container, ContainerImage image, Map<String, String> env) {
        List<String> argv = new ArrayList<>();
        boolean hasCommand = container.getCommand() != null && !container.getCommand().isEmpty();
        boolean hasArgs = container.getArgs() != null && !container.getArgs().isEmpty();
        if (hasCommand) {
            container.getCommand().forEach(c -> argv.add(expand(c, env)));
        } else {
            argv.addAll(image.entrypoint());
        }
        if (hasArgs) {
            container.getArgs().forEach(a -> argv.add(expand(a, env)));
        } else if (!hasCommand) {
            argv.addAll(image.cmd());
        }
        return argv;
    }

    static String hostname(Pod pod) {
        String hostname = pod.getSpec().getHostname();
        return hostname == null || hostname.isEmpty() ? pod.getMetadata().getName() : hostname;
    }

    private static String valueFrom(KubernetesClient client, Pod pod, String name, EnvVarSource source)
            throws ConfigError {
        String namespace = pod.getMetadata().getNamespace();
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
            String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
            if (encoded == null) {
                if (Boolean.TRUE.equals(ref.getOptional())) {
                    return null;
                }
                throw new ConfigError(secret == null ? "secret \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
            }
            return decode(encoded);
        }
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
            String value = map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
            if (value == null) {
                if (Boolean.TRUE.equals(ref.getOptional())) {
                    return null;
                }
                throw new ConfigError(map == null ? "configmap \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
            }
            return value;
        }
        if (source.getFieldRef() != null) {
            return field(pod, source.getFieldRef());
        }
        throw new ConfigError("env " + name + ": only secretKeyRef, configMapKeyRef and fieldRef are supported here");
    }

    static String field(Pod pod, ObjectFieldSelector selector) throws ConfigError {
        String path = selector.getFieldPath();
        Matcher keyed = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]").matcher(path);
        if (keyed.matches()) {
            Map<String, String> map = "labels".equals(keyed.group(1)) ? pod.getMetadata().getLabels()
                    : pod.getMetadata().getAnnotations();
            return map == null ? "" : map.getOrDefault(keyed.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            case "status.podIP", "status.podIPs" -> pod.getStatus().getPodIP();
            case "status.hostIP", "status.hostIPs" -> pod.getStatus().getHostIP();
            default -> throw new ConfigError("unsupported fieldRef " + path);
        };
    }

    /**
     * {@code $(VAR)} becomes VAR's value if VAR is defined, {@code $$} becomes {@code $}, anything else stays as
     * written: the kubelet's expansion rules.
     */
    static String expand(String value, Map<String, String> env) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if ("$$".equals(matcher.group())) {
                replacement = "$";
            } else {
                String defined = env.get(matcher.group(1));
                replacement = defined != null ? defined : matcher.group();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** Docker-link style variables of every Service of the pod's namespace (and default/kubernetes). */
    private static Map<String, String> serviceLinks(KubernetesClient client, Pod pod) {
        List<Service> services = new ArrayList<>();
        if (!Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks())) {
            services.addAll(client.services().inNamespace(pod.getMetadata().getNamespace()).list().getItems());
        }
        if (!"default".equals(pod.getMetadata().getNamespace())) {
            Service master = client.services().inNamespace("default").withName("kubernetes").get();
            if (master != null) {
                services.add(master);
            }
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (Service service : services) {
            String ip = service.getSpec().getClusterIP();
            if (ip == null || ip.isEmpty() || "None".equals(ip) || service.getSpec().getPorts().isEmpty()) {
                continue;
            }
            String prefix = service.getMetadata().getName().toUpperCase(Locale.ROOT).replace('-', '_');
            ServicePort first = service.getSpec().getPorts().get(0);
            env.put(prefix + "_SERVICE_HOST", ip);
            env.put(prefix + "_SERVICE_PORT", String.valueOf(first.getPort()));
            for (ServicePort port : service.getSpec().getPorts()) {
                String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
                if (port.getName() != null && !port.getName().isEmpty()) {
                    env.put(prefix + "_SERVICE_PORT_" + port.getName().toUpperCase(Locale.ROOT).replace('-', '_'),
                            String.valueOf(port.getPort()));
                }
                String portPrefix = prefix + "_PORT_" + port.getPort() + "_" + protocol;
                String url = protocol.toLowerCase(Locale.ROOT) + "://" + ip + ":" + port.getPort();
                env.put(portPrefix, url);
                env.put(portPrefix + "_PROTO", protocol.toLowerCase(Locale.ROOT));
                env.put(portPrefix + "_PORT", String.valueOf(port.getPort()));
                env.put(portPrefix + "_ADDR", ip);
            }
            String firstProtocol = first.getProtocol() == null ? "tcp" : first.getProtocol().toLowerCase(Locale.ROOT);
            env.put(prefix + "_PORT", firstProtocol + "://" + ip + ":" + first.getPort());
        }
        return env;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
