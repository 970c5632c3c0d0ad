package org.backprop4j.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a
 * data-type byte, a dimension-count byte, then one 32-bit size per dimension) followed by the
 * values. Only unsigned bytes are supported: images are magic {@code 0x00000803} (count × rows ×
 * columns), labels {@code 0x00000801} (count). A file is read as gzip when it starts with the gzip
 * magic {@code 1f 8b}, whatever its name.
 */
public final class Idx {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final int UNSIGNED_BYTE = 0x08;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8; // the largest array a JVM reliably allocates
    private static final int BUFFER = 1 << 16;

    private Idx() {
    }

    /**
     * Images as read from an IDX file.
     *
     * @param pixels row-major, one row of {@code height × width} values 0..255 per image
     */
    public record Images(int count, int height, int width, float[] pixels) {
    }

    /** Reads an images file (magic {@code 0x00000803}); pixels become floats 0..255. */
    public static Images readImages(Path file) throws IOException {
        try (InputStream in = open(file)) {
            int[] dims = readHeader(in, file, IMAGES_MAGIC);
            checkRoom(file, (long) dims[0] * dims[1] * dims[2], 16);
            float[] pixels = new float[dims[0] * dims[1] * dims[2]];
            readBytes(in, file, pixels.length, 16, (offset, bytes, n) -> {
                for (int i = 0; i < n; i++) {
                    pixels[offset + i] = bytes[i] & 0xFF;
                }
            });
            return new Images(dims[0], dims[1], dims[2], pixels);
        }
    }

    /** Reads a labels file (magic {@code 0x00000801}); each label is 0..255. */
    public static int[] readLabels(Path file) throws IOException {
        try (InputStream in = open(file)) {
            int count = readHeader(in, file, LABELS_MAGIC)[0];
            checkRoom(file, count, 8);
            int[] labels = new int[count];
            readBytes(in, file, labels.length, 8, (offset, bytes, n) -> {
                for (int i = 0; i < n; i++) {
                    labels[offset + i] = bytes[i] & 0xFF;
                }
            });
            return labels;
        }
    }

    /**
     * Reads an images file and its labels file into a classification data set with one feature
     * per pixel (0..255, not normalised).
     *
     * @throws MalformedDataException if either file is malformed, the counts differ, or a label is
     *     not in {@code [0, classes)}
     */
    public static Dataset read(Path images, Path labels, int classes) throws IOException {
        Images img = readImages(images);
        int[] y = readLabels(labels);
        if (img.count() != y.length) {
            throw new MalformedDataException(images + " has " + img.count() + " images but " + labels
                    + " has " + y.length + " labels");
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= classes) {
                throw new MalformedDataException(labels + ": label " + y[i] + " at index " + i
                        + " is not a class: expected 0.." + (classes - 1));
            }
        }
        return Dataset.classification(img.pixels(), img.height() * img.width(), y, classes);
    }

    /** The file's bytes, decompressed when it starts with the gzip magic. */
    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        return isGzip(file) ? new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER) : in;
    }

    /** The most a deflate stream expands: 258 bytes from about 2 bits (zlib's technical notes). */
    private static final long MAX_DEFLATE_RATIO = 1032;

    /**
     * Refuses, before anything is allocated, a header that declares more data bytes than the file
     * can hold: its bytes after the header, or for gzip {@link #MAX_DEFLATE_RATIO} times its size
     * (so a crafted 100-byte file cannot make the reader allocate gigabytes).
     */
    private static void checkRoom(Path file, long declared, int headerBytes) throws IOException {
        long size = Files.size(file);
        if (isGzip(file)) {
            if (declared > size * MAX_DEFLATE_RATIO) {
                throw new MalformedDataException(file + ": the header declares " + declared + " bytes of data, more"
                        + " than " + size + " bytes of gzip can hold (deflate expands at most " + MAX_DEFLATE_RATIO
                        + "-fold)");
            }
        } else if (declared > size - headerBytes) {
            throw new MalformedDataException(file + ": truncated data: expected " + declared + " bytes after the "
                    + headerBytes + "-byte header, found " + (size - headerBytes));
        }
    }

    /** Whether the file starts with gzip's magic bytes (whatever its name). */
    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** Checks the magic number and returns the dimensions, whose product fits in one array. */
    private static int[] readHeader(InputStream in, Path file, int expectedMagic) throws IOException {
        int expectedDims = expectedMagic & 0xFF;
        int headerBytes = 4 + 4 * expectedDims;
        byte[] header = new byte[headerBytes];
        int found = in.readNBytes(header, 0, 4);
        if (found == 4) {
            checkMagic(file, readInt(header, 0), expectedMagic);
            found += in.readNBytes(header, 4, headerBytes - 4);
        }
        if (found < headerBytes) {
            throw new MalformedDataException(file + ": truncated header: expected " + headerBytes
                    + " bytes, found " + found);
        }
        int[] dims = new int[expectedDims];
        long total = 1;
        for (int d = 0; d < expectedDims; d++) {
            long size = Integer.toUnsignedLong(readInt(header, 4 + 4 * d));
            total = size == 0 || total <= MAX_ARRAY / size ? total * size : MAX_ARRAY + 1;
            if (total > MAX_ARRAY) {
                throw new MalformedDataException(file + ": dimensions " + dimensions(header, expectedDims)
                        + " hold more than " + MAX_ARRAY + " values, the most one Java array can hold");
            }
            dims[d] = (int) size;
        }
        return dims;
    }

    private static void checkMagic(Path file, int magic, int expected) throws MalformedDataException {
        String what = expected == IMAGES_MAGIC ? "images: unsigned bytes, 3 dimensions"
                : "labels: unsigned bytes, 1 dimension";
        if ((magic >>> 16) != 0) {
            throw new MalformedDataException(String.format(
                    "%s: not an IDX file: magic 0x%08X, expected 0x%08X (%s)", file, magic, expected, what));
        }
        int type = (magic >>> 8) & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new MalformedDataException(String.format(
                    "%s: unsupported IDX data type 0x%02X (%s); only 0x08 (unsigned byte) is supported",
                    file, type, typeName(type)));
        }
        if (magic != expected) {
            throw new MalformedDataException(String.format(
                    "%s: wrong magic 0x%08X (%d dimensions), expected 0x%08X (%s)%s", file, magic, magic & 0xFF,
                    expected, what, magic == IMAGES_MAGIC ? "; is this an images file?"
                            : magic == LABELS_MAGIC ? "; is this a labels file?" : ""));
        }
    }

    private static String typeName(int type) {
        switch (type) {
            case 0x09: return "signed byte";
            case 0x0B: return "short";
            case 0x0C: return "int";
            case 0x0D: return "float";
            case 0x0E: return "double";
            default: return "not an IDX type";
        }
    }

    private static String dimensions(byte[] header, int dims) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < dims; d++) {
            s.append(d == 0 ? "" : " × ").append(Integer.toUnsignedLong(readInt(header, 4 + 4 * d)));
        }
        return s.toString();
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    /** Receives the bytes {@code [offset, offset + n)} of the data section. */
    @FunctionalInterface
    private interface Chunk {
        void accept(int offset, byte[] bytes, int n);
    }

    /** Streams exactly {@code expected} data bytes in chunks; fails on fewer or more. */
    private static void readBytes(InputStream in, Path file, int expected, int headerBytes, Chunk sink)
            throws IOException {
        byte[] buffer = new byte[BUFFER];
        int done = 0;
        try {
            while (done < expected) {
                int n = in.read(buffer, 0, Math.min(buffer.length, expected - done));
                if (n < 0) {
                    break;
                }
                sink.accept(done, buffer, n);
                done += n;
            }
        } catch (EOFException e) { // a gzip stream cut short
            // fall through: reported as truncated with the bytes read so far
        } catch (ZipException e) {
            throw new MalformedDataException(file + ": corrupt gzip data after " + done + " bytes: "
                    + e.getMessage(), e);
        }
        if (done < expected) {
            throw new MalformedDataException(file + ": truncated data: expected " + expected
                    + " bytes after the " + headerBytes + "-byte header, found " + done);
        }
        if (in.read() >= 0) {
            throw new MalformedDataException(file + ": more data than the header declares (" + expected
                    + " bytes after the " + headerBytes + "-byte header)");
        }
    }
}
