package dev.loopback.agent.packaging;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the entries of a .tar.gz, modes included, without unpacking it or running tar. Knows the
 * ustar header only: every name in the agent's tarball is far below ustar's 100 characters, and a
 * GNU or PAX extension header would show up as an entry with an unexpected name and fail the test.
 */
final class TarGz {
  private static final int BLOCK = 512;

  /** {@code mode} holds the permission bits only; some writers add the file type bits (0100000). */
  record Entry(String name, char type, int mode, byte[] content) {
    boolean isFile() {
      return type == '0' || type == '\0';
    }
  }

  private TarGz() {
  }

  static List<Entry> read(Path file) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(Files.newInputStream(file)))) {
      byte[] header = new byte[BLOCK];
      while (true) {
        try {
          in.readFully(header);
        } catch (EOFException e) {
          return entries;
        }
        if (isZero(header)) {
          return entries;
        }
        String name = text(header, 0, 100);
        // POSIX ustar ("ustar\0") may split a long name into prefix/name; GNU tar uses that space otherwise.
        String prefix = text(header, 257, 6).equals("ustar") ? text(header, 345, 155) : "";
        long size = Long.parseLong(text(header, 124, 12).trim(), 8);
        byte[] content = in.readNBytes(Math.toIntExact(size));
        in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
        entries.add(new Entry(prefix.isEmpty() ? name : prefix + "/" + name, (char) header[156],
            Integer.parseInt(text(header, 100, 8).trim(), 8) & 07777, content));
      }
    }
  }

  private static String text(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
