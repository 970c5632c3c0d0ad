package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.backprop4j.data.IdxFiles.gzip;
import static org.backprop4j.data.IdxFiles.idx;
import static org.backprop4j.data.IdxFiles.images;
import static org.backprop4j.data.IdxFiles.labels;
import static org.backprop4j.data.IdxFiles.write;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    /** Two 2×3 images; pixel values include 0, 128 and 255 to catch signed-byte mistakes. */
    private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, (byte) 128, (byte) 200, (byte) 255, 9, 10, 11};
    private static final float[] PIXEL_VALUES = {0, 1, 2, 3, 4, 5, 128, 200, 255, 9, 10, 11};

    @Test
    void readsRawFiles() throws Exception {
        Path img = write(dir, "img", images(2, 2, 3, PIXELS));
        Path lab = write(dir, "lab", labels((byte) 7, (byte) 2));
        Dataset d = Idx.read(img, lab, 10);
        assertThat(d.rows()).isEqualTo(2);
        assertThat(d.features()).isEqualTo(6);
        assertThat(d.classes()).isEqualTo(10);
        assertThat(d.featureData()).containsExactly(PIXEL_VALUES);
        assertThat(d.labels()).containsExactly(7, 2);

        Idx.Images i = Idx.readImages(img);
        assertThat(new int[] {i.count(), i.height(), i.width()}).containsExactly(2, 2, 3);
    }

    @Test
    void detectsGzipByMagicNotByName() throws Exception {
        // A gzip file without .gz, and a raw file with .gz: both must be read by their content.
        Path img = write(dir, "images", gzip(images(2, 2, 3, PIXELS)));
        Path lab = write(dir, "labels.gz", labels((byte) 0, (byte) 1));
        Dataset d = Idx.read(img, lab, 2);
        assertThat(d.featureData()).containsExactly(PIXEL_VALUES);
        assertThat(d.labels()).containsExactly(0, 1);
    }

    @Test
    void readsLargerThanOneBuffer() throws Exception {
        byte[] pixels = new byte[3 * 200 * 200];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31);
        }
        Idx.Images i = Idx.readImages(write(dir, "big.gz", gzip(images(3, 200, 200, pixels))));
        assertThat(i.pixels()).hasSize(120_000);
        assertThat(i.pixels()[119_999]).isEqualTo((119_999 * 31) & 0xFF);
        assertThat(i.pixels()[70_001]).isEqualTo((70_001 * 31) & 0xFF);
    }

    @Test
    void rejectsAForeignFile() {
        Path f = write(dir, "notes.txt", "hello, world".getBytes());
        assertThatThrownBy(() -> Idx.readImages(f)).isInstanceOf(MalformedDataException.class)
                .hasMessage(f + ": not an IDX file: magic 0x68656C6C, expected 0x00000803 (images: unsigned bytes,"
                        + " 3 dimensions)");
    }

    @Test
    void rejectsLabelsGivenAsImagesAndViceVersa() {
        Path lab = write(dir, "lab", labels((byte) 1));
        assertThatThrownBy(() -> Idx.readImages(lab)).hasMessage(lab + ": wrong magic 0x00000801 (1 dimensions),"
                + " expected 0x00000803 (images: unsigned bytes, 3 dimensions); is this a labels file?");
        Path img = write(dir, "img", images(2, 2, 3, PIXELS));
        assertThatThrownBy(() -> Idx.readLabels(img)).hasMessage(img + ": wrong magic 0x00000803 (3 dimensions),"
                + " expected 0x00000801 (labels: unsigned bytes, 1 dimension); is this an images file?");
        Path twoDims = write(dir, "two", idx(0x00000802, new int[] {1, 1}, new byte[1]));
        assertThatThrownBy(() -> Idx.readImages(twoDims)).hasMessage(twoDims + ": wrong magic 0x00000802 "
                + "(2 dimensions), expected 0x00000803 (images: unsigned bytes, 3 dimensions)");
    }

    @Test
    void rejectsUnsupportedTypes() {
        Path floats = write(dir, "floats", idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]));
        assertThatThrownBy(() -> Idx.readImages(floats)).hasMessage(
                floats + ": unsupported IDX data type 0x0D (float); only 0x08 (unsigned byte) is supported");
        Path junk = write(dir, "junk", idx(0x00004201, new int[] {1}, new byte[1]));
        assertThatThrownBy(() -> Idx.readLabels(junk)).hasMessage(
                junk + ": unsupported IDX data type 0x42 (not an IDX type); only 0x08 (unsigned byte) is supported");
    }

    @Test
    void rejectsTruncatedHeader() {
        Path tiny = write(dir, "tiny", new byte[] {0, 0, 8});
        assertThatThrownBy(() -> Idx.readImages(tiny)).hasMessage(tiny + ": truncated header: expected 16 bytes, found 3");
        byte[] header = Arrays.copyOf(images(2, 2, 3, PIXELS), 10);
        Path cut = write(dir, "cut", header);
        assertThatThrownBy(() -> Idx.readImages(cut)).hasMessage(cut + ": truncated header: expected 16 bytes, found 10");
    }

    @Test
    void rejectsTruncatedData() {
        byte[] whole = images(2, 2, 3, PIXELS);
        Path raw = write(dir, "raw", Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> Idx.readImages(raw)).isInstanceOf(MalformedDataException.class)
                .hasMessage(raw + ": truncated data: expected 12 bytes after the 16-byte header, found 7");
        Path lab = write(dir, "lab", idx(0x00000801, new int[] {5}, new byte[3]));
        assertThatThrownBy(() -> Idx.readLabels(lab))
                .hasMessage(lab + ": truncated data: expected 5 bytes after the 8-byte header, found 3");
    }

    @Test
    void rejectsTruncatedGzip() {
        byte[] pixels = new byte[4 * 100 * 100];
        new java.util.Random(1).nextBytes(pixels); // incompressible, so a cut loses pixel data
        byte[] gz = gzip(images(4, 100, 100, pixels));
        Path cut = write(dir, "cut.gz", Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> Idx.readImages(cut)).isInstanceOf(MalformedDataException.class)
                .hasMessageStartingWith(cut + ": truncated data: expected 40000 bytes after the 16-byte header, found ");
    }

    @Test
    void aHeaderDeclaringMoreThanTheFileHoldsIsRefusedBeforeAllocating() {
        // 10,000 × 100 × 100 pixels = 100,000,000 bytes declared; a 2 GB heap would not notice
        // one such array, so the message is what shows that nothing was read or allocated first.
        byte[] header = idx(0x00000803, new int[] {10_000, 100, 100}, new byte[10]);
        Path raw = write(dir, "raw-huge", header);
        assertThatThrownBy(() -> Idx.readImages(raw))
                .hasMessage(raw + ": truncated data: expected 100000000 bytes after the 16-byte header, found 10");
        byte[] gz = gzip(header);
        Path small = write(dir, "huge.gz", gz);
        assertThatThrownBy(() -> Idx.readImages(small)).isInstanceOf(MalformedDataException.class)
                .hasMessage(small + ": the header declares 100000000 bytes of data, more than " + gz.length
                        + " bytes of gzip can hold (deflate expands at most 1032-fold)");
        Path labels = write(dir, "labels-huge", idx(0x00000801, new int[] {1_000_000}, new byte[1]));
        assertThatThrownBy(() -> Idx.readLabels(labels))
                .hasMessage(labels + ": truncated data: expected 1000000 bytes after the 8-byte header, found 1");
    }

    @Test
    void rejectsTrailingData() {
        Path f = write(dir, "long", idx(0x00000801, new int[] {2}, new byte[3]));
        assertThatThrownBy(() -> Idx.readLabels(f))
                .hasMessage(f + ": more data than the header declares (2 bytes after the 8-byte header)");
    }

    @Test
    void rejectsDimensionOverflow() {
        Path huge = write(dir, "huge", idx(0x00000803, new int[] {100_000, 1000, 1000}, new byte[0]));
        assertThatThrownBy(() -> Idx.readImages(huge)).hasMessage(huge + ": dimensions 100000 × 1000 × 1000 hold"
                + " more than 2147483639 values, the most one Java array can hold");
        // Sizes are unsigned 32-bit: 0xFFFFFFFF is 4294967295, not -1.
        Path unsigned = write(dir, "unsigned", idx(0x00000801, new int[] {-1}, new byte[0]));
        assertThatThrownBy(() -> Idx.readLabels(unsigned)).hasMessageStartingWith(unsigned + ": dimensions 4294967295 hold");
    }

    @Test
    void rejectsCountMismatchAndLabelsOutsideTheClasses() {
        Path img = write(dir, "img", images(2, 2, 3, PIXELS));
        Path three = write(dir, "three", labels((byte) 0, (byte) 1, (byte) 2));
        assertThatThrownBy(() -> Idx.read(img, three, 10)).isInstanceOf(MalformedDataException.class)
                .hasMessage(img + " has 2 images but " + three + " has 3 labels");
        Path big = write(dir, "big", labels((byte) 3, (byte) 200));
        assertThatThrownBy(() -> Idx.read(img, big, 10))
                .hasMessage(big + ": label 200 at index 1 is not a class: expected 0..9");
    }
}
