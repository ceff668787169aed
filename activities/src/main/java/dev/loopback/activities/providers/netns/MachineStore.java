package dev.loopback.activities.providers.netns;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.loopback.activities.providers.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The provider's state on disk, and the only place it is kept: {@code <dir>/machines/<id>/machine.json}
 * per machine, read afresh on every call, so a restarted control plane (or a second one) sees what
 * the first made. Changes are serialised by {@link #exclusively}, which also takes a file lock so
 * that two processes sharing the directory cannot hand out the same address.
 */
final class MachineStore {
  static final String RECORD = "machine.json";

  private final ObjectMapper json = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private final Path machines;
  private final Path lockFile;
  private final ReentrantLock lock = new ReentrantLock();
  private FileChannel lockChannel;

  MachineStore(Path dir) {
    Path root = dir.toAbsolutePath().normalize();
    this.machines = root.resolve("machines");
    this.lockFile = root.resolve("lock");
    try {
      Files.createDirectories(root);
      if (!Files.isDirectory(machines, LinkOption.NOFOLLOW_LINKS)) {
        // Machines' upper layers hold copies of /etc/shadow and their user data: root's eyes only.
        Files.createDirectory(machines, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the netns provider's directory " + machines, e);
    }
  }

  Path machineDir(MachineId id) {
    return machines.resolve(id.value());
  }

  Optional<MachineRecord> find(MachineId id) {
    Path file = machineDir(id).resolve(RECORD);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(file.toFile(), MachineRecord.class));
    } catch (IOException e) {
      throw new ProviderException("cannot read " + file + ": " + e.getMessage(), false, e);
    }
  }

  List<MachineRecord> all() {
    List<MachineRecord> records = new ArrayList<>();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(machines)) {
      for (Path dir : dirs) {
        MachineId.parse(dir.getFileName().toString()).flatMap(this::find).ifPresent(records::add);
      }
    } catch (IOException e) {
      throw new ProviderException("cannot list " + machines + ": " + e.getMessage(), true, e);
    }
    return records;
  }

  /** Writes the record atomically (a reader sees the old or the new file, never half of one). */
  void save(MachineRecord record) {
    Path dir = machineDir(record.machineId());
    try {
      Files.createDirectories(dir);
      Path temp = dir.resolve(RECORD + ".tmp");
      json.writeValue(temp.toFile(), record);
      Files.move(temp, dir.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new ProviderException("cannot write " + dir.resolve(RECORD) + ": " + e.getMessage(), true, e);
    }
  }

  /** Removes the machine's directory; see {@link SafeDelete} for what protects the host. */
  void delete(MachineId id) {
    SafeDelete.tree(machineDir(id));
  }

  <T> T exclusively(Supplier<T> action) {
    lock.lock();
    try {
      if (lock.getHoldCount() == 1) {
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        lockChannel.lock();
      }
      return action.get();
    } catch (IOException e) {
      throw new ProviderException("cannot lock " + lockFile + ": " + e.getMessage(), true, e);
    } finally {
      try {
        if (lock.getHoldCount() == 1 && lockChannel != null) {
          lockChannel.close(); // releases the file lock
          lockChannel = null;
        }
      } catch (IOException ignored) {
        // closing releases the lock even when it reports an error
      } finally {
        lock.unlock();
      }
    }
  }

  void exclusively(Runnable action) {
    exclusively(() -> {
      action.run();
      return null;
    });
  }
}
