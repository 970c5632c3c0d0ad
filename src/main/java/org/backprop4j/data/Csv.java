package org.backprop4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A CSV loader: numeric feature columns plus, optionally, one label column. Configure it, then
 * read:
 *
 * <pre>{@code
 * Csv.Table iris = Csv.withHeader().labelColumn("species").read(Path.of("iris.csv"));
 * Dataset data = iris.dataset();          // 4 features, 3 classes
 * List<String> names = iris.classNames(); // [setosa, versicolor, virginica]
 * }</pre>
 *
 * <p><b>Labels.</b> Without a label column the rows are unlabelled (inputs to predict on). A
 * classification label becomes a class index: if every label is an integer from 0 to
 * {@value #MAX_INTEGER_CLASS}, the integer is the class (classes = largest + 1); otherwise the
 * distinct labels, sorted, are classes 0, 1, … . To read a test or prediction file with a training file's classes, pass them
 * with {@link #classes(List)}; a label outside them is then an error. A {@link #regression()}
 * label is a float target.
 *
 * <p><b>Format.</b> Comma-separated; fields may be quoted ({@code "a, b"}, with {@code ""} for a
 * quote inside), but a quoted field may not span lines. Lines may end in LF, CRLF or CR; blank
 * lines are skipped; a UTF-8 byte-order mark is ignored; spaces around a value are ignored.
 *
 * <p><b>Memory.</b> Rows are parsed straight from the reader into a growing float[] (doubling,
 * then trimmed once to the exact size), never into lists of strings or boxed numbers: the heap
 * holds the numbers, as floats, and one line of text at a time. At the moment an array grows or
 * is trimmed, the old and new copies coexist, so the peak is up to about twice the numbers.
 *
 * <p><b>Errors</b> are {@link MalformedDataException}s naming the source, the line and column
 * (both from 1, with the column's header name if there is one) and what was wrong: an empty
 * file, a missing label column, a ragged row, an empty or non-numeric cell, a NaN or infinite
 * value, a label that is not a class.
 */
public final class Csv {
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Integer labels up to this are classes as they are; beyond it they are names like any other. */
    private static final int MAX_INTEGER_CLASS = 65_535;

    private final boolean header;
    private final String labelName;     // label column by header name, or null
    private final int labelIndex;       // label column by 0-based index, or -1
    private final boolean regression;
    private final List<String> classes; // a fixed class list, or null to infer

    private Csv(boolean header, String labelName, int labelIndex, boolean regression, List<String> classes) {
        this.header = header;
        this.labelName = labelName;
        this.labelIndex = labelIndex;
        this.regression = regression;
        this.classes = classes;
    }

    /** Files whose first line names the columns. No label column until one is chosen. */
    public static Csv withHeader() {
        return new Csv(true, null, -1, false, null);
    }

    /** Files whose first line is data. No label column until one is chosen. */
    public static Csv withoutHeader() {
        return new Csv(false, null, -1, false, null);
    }

    /** The label column, by its header name. */
    public Csv labelColumn(String name) {
        if (!header) {
            throw new IllegalStateException("a label column can be chosen by name only in a file with a header;"
                    + " use labelColumn(int index)");
        }
        return new Csv(header, Objects.requireNonNull(name, "name"), -1, regression, classes);
    }

    /** The label column, by its position counting from 0. */
    public Csv labelColumn(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("label column index must be >= 0, got " + index);
        }
        return new Csv(header, null, index, regression, classes);
    }

    /** Labels are float targets, not classes (this replaces any {@link #classes(List)}). */
    public Csv regression() {
        return new Csv(header, labelName, labelIndex, true, null);
    }

    /**
     * Labels are classes from this list: label {@code names.get(i)} is class {@code i}, and any
     * other label is an error. Use a training file's {@link Table#classNames()} here to read its
     * test or prediction files consistently. This replaces {@link #regression()}.
     */
    public Csv classes(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the class list is empty");
        }
        return new Csv(header, labelName, labelIndex, false, List.copyOf(names));
    }

    /**
     * A loaded CSV file.
     *
     * @param featureNames one per feature column, from the header, or {@code "column N"} (N from 1)
     *     without one
     * @param classNames the label of each class index; empty unless the labels are classes
     */
    public record Table(Dataset dataset, List<String> featureNames, List<String> classNames) {
    }

    /** Reads a UTF-8 file. */
    public Table read(Path file) throws IOException {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads CSV text from {@code in} (not closed), naming it {@code source} in error messages.
     *
     * @throws MalformedDataException if the text is not a valid CSV data set (see the class notes)
     */
    public Table read(BufferedReader in, String source) throws IOException {
        return new Parser(in, source).parse();
    }

    private boolean hasLabel() {
        return labelName != null || labelIndex >= 0;
    }

    /** One read: the reader, the position in it, and the growing arrays. */
    private final class Parser {
        private final BufferedReader in;
        private final String source;
        private long lineNumber;
        private List<String> header;      // column names, or null
        private int width;                // fields per line
        private int label = -1;           // label column (0-based) or -1

        // The current line, split: field i is line[starts[i], ends[i]); unescape[i] when it holds "".
        private String line;
        private int[] starts = new int[16];
        private int[] ends = new int[16];
        private boolean[] unescape = new boolean[16];

        private float[] features = new float[1024];
        private int featureCount;
        private float[] targets = new float[64];
        private int[] classIds = new int[64];  // per row: the class, or the label's first-seen id when inferring
        private int rows;
        private final Map<String, Integer> classIndex = new HashMap<>();
        private final List<String> seenLabels = new ArrayList<>();

        Parser(BufferedReader in, String source) {
            this.in = in;
            this.source = source;
            if (classes != null) {
                for (int i = 0; i < classes.size(); i++) {
                    classIndex.putIfAbsent(classes.get(i), i);
                }
            }
        }

        Table parse() throws IOException {
            if (!nextLine()) {
                throw error(0, "empty file: no " + (Csv.this.header ? "header" : "rows"));
            }
            width = split();
            if (Csv.this.header) {
                header = new ArrayList<>(width);
                for (int c = 0; c < width; c++) {
                    header.add(cell(c));
                }
            }
            label = labelColumn();
            if (Csv.this.header && !nextLine()) {
                throw error(0, "no data rows after the header");
            }
            do {
                int fields = split();
                if (fields != width) {
                    throw error(Math.min(fields, width) + 1, "expected " + width + " fields, found " + fields);
                }
                addRow();
            } while (nextLine());
            return table();
        }

        /** Advances to the next non-blank line; false at the end. */
        private boolean nextLine() throws IOException {
            do {
                line = in.readLine();
                lineNumber++;
                if (line == null) {
                    return false;
                }
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
            } while (line.isBlank());
            return true;
        }

        private int labelColumn() throws MalformedDataException {
            if (labelName != null) {
                int at = header.indexOf(labelName);
                if (at < 0) {
                    throw error(0, "no column named '" + labelName + "' for the label; the columns are "
                            + String.join(", ", header));
                }
                return checkFeaturesRemain(at);
            }
            if (labelIndex >= width) {
                throw error(0, "label column index " + labelIndex + " (counting from 0) is out of range: the line has "
                        + width + " fields");
            }
            return labelIndex < 0 ? -1 : checkFeaturesRemain(labelIndex);
        }

        private int checkFeaturesRemain(int labelColumn) throws MalformedDataException {
            if (width < 2) {
                throw error(0, "no feature columns: the only column is the label");
            }
            return labelColumn;
        }

        private void addRow() throws MalformedDataException {
            long needed = (long) featureCount + width - (label >= 0 ? 1 : 0); // an int sum could wrap
            if (needed > features.length) {
                features = Arrays.copyOf(features, grownCapacity(features.length, needed));
            }
            for (int c = 0; c < width; c++) {
                if (c != label) {
                    features[featureCount++] = number(c);
                }
            }
            if (label >= 0 && regression) {
                if (rows == targets.length) {
                    targets = Arrays.copyOf(targets, grownCapacity(rows, rows + 1));
                }
                targets[rows] = number(label);
            } else if (label >= 0) {
                if (rows == classIds.length) {
                    classIds = Arrays.copyOf(classIds, grownCapacity(rows, rows + 1));
                }
                classIds[rows] = classOf(cell(label));
            }
            rows++;
        }

        private int grownCapacity(int capacity, long needed) throws MalformedDataException {
            if (needed > MAX_ARRAY) {
                throw error(0, "too much data: more than " + MAX_ARRAY + " values do not fit in one Java array");
            }
            return (int) Math.min(MAX_ARRAY, Math.max(needed, 2L * capacity));
        }

        /** The class (with a fixed list) or the first-seen id (when inferring) of a label. */
        private int classOf(String labelText) throws MalformedDataException {
            if (labelText.isEmpty()) {
                throw error(label + 1, "empty label");
            }
            Integer id = classIndex.get(labelText);
            if (id != null) {
                return id;
            }
            if (classes != null) {
                throw error(label + 1, "label '" + labelText + "' is not a class; the classes are "
                        + abbreviate(String.join(", ", classes)));
            }
            classIndex.put(labelText, seenLabels.size());
            seenLabels.add(labelText);
            return seenLabels.size() - 1;
        }

        /** Splits {@link #line} into fields and returns how many there are. */
        private int split() throws MalformedDataException {
            int n = 0;
            int i = 0;
            int length = line.length();
            while (true) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, 2 * n);
                    ends = Arrays.copyOf(ends, 2 * n);
                    unescape = Arrays.copyOf(unescape, 2 * n);
                }
                int start = skipSpaces(i);
                if (start < length && line.charAt(start) == '"') {
                    boolean escaped = false;
                    i = start + 1;
                    while (true) {
                        if (i >= length) {
                            throw error(n + 1, "quoted field not closed on this line (fields spanning lines are"
                                    + " not supported)");
                        }
                        if (line.charAt(i) == '"') {
                            if (i + 1 < length && line.charAt(i + 1) == '"') {
                                escaped = true;
                                i += 2;
                                continue;
                            }
                            break;
                        }
                        i++;
                    }
                    starts[n] = start + 1;
                    ends[n] = i;
                    unescape[n] = escaped;
                    i = skipSpaces(i + 1);
                    if (i < length && line.charAt(i) != ',') {
                        throw error(n + 1, "unexpected text after a closing quote");
                    }
                } else {
                    i = start;
                    while (i < length && line.charAt(i) != ',') {
                        i++;
                    }
                    int end = i;
                    while (end > start && line.charAt(end - 1) == ' ') {
                        end--;
                    }
                    starts[n] = start;
                    ends[n] = end;
                    unescape[n] = false;
                }
                n++;
                if (i >= length) {
                    return n;
                }
                i++; // the comma
            }
        }

        private int skipSpaces(int i) {
            while (i < line.length() && line.charAt(i) == ' ') {
                i++;
            }
            return i;
        }

        /** Field {@code c} (0-based) of the current line as text. */
        private String cell(int c) {
            String text = line.substring(starts[c], ends[c]);
            return unescape[c] ? text.replace("\"\"", "\"") : text;
        }

        /** Field {@code c} (0-based) of the current line as a finite float. */
        private float number(int c) throws MalformedDataException {
            if (starts[c] == ends[c]) {
                throw error(c + 1, "empty cell; a number is needed");
            }
            String text = cell(c);
            float value;
            try {
                value = Float.parseFloat(text);
            } catch (NumberFormatException e) {
                value = Float.NaN;
            }
            if (!Float.isFinite(value)) { // the slow path: say why
                String word = text.strip().toLowerCase(Locale.ROOT);
                word = word.startsWith("+") || word.startsWith("-") ? word.substring(1) : word;
                if (word.equals("nan") || word.startsWith("inf")) {
                    throw error(c + 1, "'" + text + "' is not allowed: values must be finite (no NaN or infinity)");
                }
                if (Float.isInfinite(value)) {
                    throw error(c + 1, "'" + text + "' is beyond the float range (±" + Float.MAX_VALUE + ")");
                }
                throw error(c + 1, "'" + abbreviate(text) + "' is not a number");
            }
            return value;
        }

        private Table table() {
            int featureWidth = width - (label >= 0 ? 1 : 0);
            float[] x = Arrays.copyOf(features, featureCount);
            features = null; // let the oversized array go before the caller allocates more
            List<String> names = new ArrayList<>(featureWidth);
            for (int c = 0; c < width; c++) {
                if (c != label) {
                    names.add(header != null ? header.get(c) : "column " + (c + 1));
                }
            }
            if (label < 0) {
                return new Table(Dataset.unlabelled(x, featureWidth), List.copyOf(names), List.of());
            }
            if (regression) {
                return new Table(Dataset.regression(x, featureWidth, Arrays.copyOf(targets, rows), 1),
                        List.copyOf(names), List.of());
            }
            List<String> classNames = classes != null ? classes : inferClasses();
            int[] y = Arrays.copyOf(classIds, rows);
            return new Table(Dataset.classification(x, featureWidth, y, classNames.size()),
                    List.copyOf(names), classNames);
        }

        /** Maps the first-seen ids in {@link #classIds} to classes: integers as is, else sorted labels. */
        private List<String> inferClasses() {
            int[] classOfId = new int[seenLabels.size()];
            List<String> names;
            if (seenLabels.stream().allMatch(Csv::isClassNumber)) {
                int max = 0;
                for (int id = 0; id < classOfId.length; id++) {
                    classOfId[id] = Integer.parseInt(seenLabels.get(id));
                    max = Math.max(max, classOfId[id]);
                }
                names = new ArrayList<>(max + 1);
                for (int k = 0; k <= max; k++) {
                    names.add(Integer.toString(k));
                }
            } else {
                names = new ArrayList<>(seenLabels);
                names.sort(null);
                for (int k = 0; k < names.size(); k++) {
                    classOfId[classIndex.get(names.get(k))] = k;
                }
            }
            for (int r = 0; r < rows; r++) {
                classIds[r] = classOfId[classIds[r]];
            }
            return List.copyOf(names);
        }

        /** The one place that says where: "source: line L, column C (name): message". */
        private MalformedDataException error(int column, String message) {
            StringBuilder where = new StringBuilder(source);
            if (lineNumber > 0 && line != null) {
                where.append(": line ").append(lineNumber);
                if (column > 0) {
                    where.append(", column ").append(column);
                    if (header != null && column <= header.size()) {
                        where.append(" (\"").append(header.get(column - 1)).append("\")");
                    }
                }
            }
            return new MalformedDataException(where.append(": ").append(message).toString());
        }
    }

    /** An integer label that is used as the class index itself. */
    private static boolean isClassNumber(String s) {
        return s.length() <= 5 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                && Integer.parseInt(s) <= MAX_INTEGER_CLASS;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
