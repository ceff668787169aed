package dev.loopback.activities.providers.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineStoreTest {
  @TempDir
  Path dir;

  @Test
  void readsBackWhatItSavedAcrossInstances() throws Exception {
    MachineRecord machine = MachineRecord.fresh(new MachineId("n12345678"), UUID.randomUUID(), "web-1",
        InetAddress.getByName("10.213.0.7")).started(4242, 1_795_000_000_123L);
    new MachineStore(dir).save(machine);

    MachineStore restarted = new MachineStore(dir);

    assertThat(restarted.find(new MachineId("n12345678"))).contains(machine);
    assertThat(restarted.all()).containsExactly(machine);
    assertThat(restarted.find(new MachineId("n12345678")).orElseThrow().inetAddress()).isEqualTo(InetAddress.getByName("10.213.0.7"));
  }

  @Test
  void writesMachineJsonWithTheFieldsAnOperatorLooksFor() throws Exception {
    MachineStore store = new MachineStore(dir);
    UUID host = UUID.fromString("6f9619ff-8b86-d011-b42d-00cf4fc964ff");
    store.save(MachineRecord.fresh(new MachineId("n12345678"), host, "web-1", InetAddress.getByName("10.213.0.7")).stopped());

    String json = Files.readString(dir.resolve("machines/n12345678/machine.json"));

    assertThat(json).contains("\"hostId\" : \"6f9619ff-8b86-d011-b42d-00cf4fc964ff\"", "\"address\" : \"10.213.0.7\"",
        "\"namespace\" : \"lb-n12345678\"", "\"veth\" : \"lbvn12345678\"", "\"pid\" : null", "\"poweredOn\" : false");
  }

  @Test
  void knowsNothingOfUnknownMachinesNorOfDirectoriesWithoutARecord() throws Exception {
    MachineStore store = new MachineStore(dir);
    Files.createDirectories(dir.resolve("machines/n0000000a")); // a crash between mkdir and the first save
    Files.createDirectories(dir.resolve("machines/not-a-machine"));

    assertThat(store.find(new MachineId("n0000000b"))).isEmpty();
    assertThat(store.all()).isEmpty();
  }

  @Test
  void keepsTheMachinesDirectoryToRoot() throws Exception {
    new MachineStore(dir);

    assertThat(Files.getPosixFilePermissions(dir.resolve("machines"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void runsExclusiveSectionsOneAtATime() throws Exception {
    MachineStore store = new MachineStore(dir);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger mostInside = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 8; i++) {
      pool.submit(() -> {
        start.await();
        store.exclusively(() -> {
          mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
          store.exclusively(() -> Thread.yield()); // re-entrant, as create() calling status() needs
          inside.decrementAndGet();
        });
        return null;
      });
    }
    start.countDown();
    pool.shutdown();

    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mostInside.get()).isEqualTo(1);
  }
}
