package dev.cairn.hash;

/** One file of a directory tree: its POSIX path relative to the directory and its object id. */
public record TreeEntry(String relpath, ObjectId id) {
}
