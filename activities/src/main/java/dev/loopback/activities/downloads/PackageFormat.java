package dev.loopback.activities.downloads;

/** How an agent package is installed: by dpkg, or unpacked from a tarball on hosts without it. */
public enum PackageFormat {
  DEB("deb", "application/vnd.debian.binary-package"),
  TARBALL("tar.gz", "application/gzip");

  private final String wireName;
  private final String mediaType;

  PackageFormat(String wireName, String mediaType) {
    this.wireName = wireName;
    this.mediaType = mediaType;
  }

  public String wireName() {
    return wireName;
  }

  public String mediaType() {
    return mediaType;
  }
}
