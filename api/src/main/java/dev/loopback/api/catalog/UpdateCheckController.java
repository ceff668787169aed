package dev.loopback.api.catalog;

import dev.loopback.activities.catalog.UpdateCheck;
import dev.loopback.activities.catalog.UpdateIndex;
import dev.loopback.activities.catalog.UpdateQuery;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The update check agents call: 200 with the next version's metadata, 204 when there is none, 400
 * naming the parameter that is wrong. Public like the downloads: it tells only what is published.
 */
@RestController
class UpdateCheckController {
  private final UpdateIndex index;

  UpdateCheckController(UpdateIndex index) {
    this.index = index;
  }

  @GetMapping("/system/v1/updates/{component}")
  ResponseEntity<byte[]> check(@PathVariable String component, @RequestParam(required = false) String channel,
      @RequestParam(required = false) String version, @RequestParam(required = false) String arch,
      @RequestParam(required = false) String format, @RequestParam(required = false) String coreVersion) {
    UpdateCheck.Answer answer = index.next(new UpdateQuery(component, channel, version, arch, format, coreVersion));
    // The offer's JSON was encoded once, when the answer was first computed: thousands of agents ask the same.
    return answer.offer().isEmpty() ? ResponseEntity.noContent().build()
        : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer.json());
  }

  /** The same server's cheapest answer, for benchmarks to compare the update check with (docs/benchmarks.md). */
  @GetMapping("/system/v1/ping")
  ResponseEntity<Void> ping() {
    return ResponseEntity.noContent().build();
  }
}
