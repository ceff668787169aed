package dev.loopback.activities.hosts;

import java.util.List;

/** One page of a host list; {@code next} is the cursor of the following page, null on the last. */
public record HostPage(List<HostView> hosts, String next) {
}
