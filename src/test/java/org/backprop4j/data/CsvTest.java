package org.backprop4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
    private static final String IRIS = "sepal,petal,species\n"
            + "5.1,1.4,setosa\n"
            + "7.0,4.7,versicolor\n"
            + "6.3,6.0,virginica\n"
            + "4.9,1.4,setosa\n";

    private static Csv.Table read(Csv csv, String text) throws IOException {
        return csv.read(new BufferedReader(new StringReader(text)), "t.csv");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(Csv csv, String text) {
        return assertThatThrownBy(() -> read(csv, text)).isInstanceOf(MalformedDataException.class);
    }

    @Test
    void stringLabelsBecomeSortedClasses() throws IOException {
        Csv.Table t = read(Csv.withHeader().labelColumn("species"), IRIS);
        Dataset d = t.dataset();
        assertThat(d.rows()).isEqualTo(4);
        assertThat(d.features()).isEqualTo(2);
        assertThat(d.featureData()).containsExactly(5.1f, 1.4f, 7.0f, 4.7f, 6.3f, 6.0f, 4.9f, 1.4f);
        assertThat(t.featureNames()).containsExactly("sepal", "petal");
        assertThat(t.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(d.labels()).containsExactly(0, 1, 2, 0);
    }

    @Test
    void sortsClassesEvenWhenFirstSeenInAnotherOrder() throws IOException {
        Csv.Table t = read(Csv.withHeader().labelColumn("y"), "x,y\n1,cat\n2,ant\n3,bee\n4,ant\n");
        assertThat(t.classNames()).containsExactly("ant", "bee", "cat");
        assertThat(t.dataset().labels()).containsExactly(2, 0, 1, 0);
    }

    @Test
    void integerLabelsAreUsedAsIs() throws IOException {
        Csv.Table t = read(Csv.withoutHeader().labelColumn(0), "4,0.5,1\n0,1.5,2\n2,2.5,3\n");
        assertThat(t.dataset().labels()).containsExactly(4, 0, 2);
        assertThat(t.dataset().classes()).isEqualTo(5);
        assertThat(t.classNames()).containsExactly("0", "1", "2", "3", "4");
        assertThat(t.featureNames()).containsExactly("column 2", "column 3");
        assertThat(t.dataset().featureData()).containsExactly(0.5f, 1, 1.5f, 2, 2.5f, 3);
    }

    @Test
    void largeIntegerLabelsAreNamesNotIndices() throws IOException {
        // 70000 as a class index would mean 70001 classes: beyond 65535, integers are sorted names.
        Csv.Table t = read(Csv.withoutHeader().labelColumn(1), "1,70000\n2,5\n3,70000\n");
        assertThat(t.classNames()).containsExactly("5", "70000");
        assertThat(t.dataset().labels()).containsExactly(1, 0, 1);
    }

    @Test
    void withoutALabelColumnRowsAreUnlabelled() throws IOException {
        Dataset d = read(Csv.withHeader(), "a,b\n1,2\n3,4\n").dataset();
        assertThat(d.hasClassLabels() || d.hasTargets()).isFalse();
        assertThat(d.featureData()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void regressionLabelsAreFloatTargets() throws IOException {
        Csv.Table t = read(Csv.withHeader().labelColumn("price").regression(), "price,rooms\n1.5e3,2\n-7,3\n");
        assertThat(t.dataset().targets()).containsExactly(1500f, -7f);
        assertThat(t.dataset().featureData()).containsExactly(2, 3);
        assertThat(t.classNames()).isEmpty();
    }

    @Test
    void givenClassesMapLabelsAndRejectOthers() throws IOException {
        Csv csv = Csv.withHeader().labelColumn("species").classes(List.of("virginica", "setosa", "versicolor"));
        assertThat(read(csv, IRIS).dataset().labels()).containsExactly(1, 2, 0, 1);
        assertThat(read(csv, IRIS).dataset().classes()).isEqualTo(3);
        assertFails(csv, "sepal,petal,species\n1,2,setosa\n3,4,rose\n").hasMessage(
                "t.csv: line 3, column 3 (\"species\"): label 'rose' is not a class; the classes are virginica,"
                        + " setosa, versicolor");
    }

    @Test
    void quotedFieldsCrlfBomSpacesAndBlankLines() throws IOException {
        String text = "\uFEFF\"x, first\",\"y\",label\r\n"
                + " 1 , \"2.5\" ,\"a, \"\"quoted\"\" one\"\r\n"
                + "\r\n"
                + "3,4,plain\r\n"
                + "\r\n";
        Csv.Table t = read(Csv.withHeader().labelColumn("label"), text);
        assertThat(t.featureNames()).containsExactly("x, first", "y");
        assertThat(t.classNames()).containsExactly("a, \"quoted\" one", "plain");
        assertThat(t.dataset().featureData()).containsExactly(1, 2.5f, 3, 4);
        assertThat(read(Csv.withoutHeader(), "1,2\r3,4\r").dataset().rows()).as("CR line ends").isEqualTo(2);
    }

    @Test
    void readsAFileAndGrowsItsArrays(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder("a,b,c,label\n");
        int rows = 5000; // past the initial capacities, so the arrays double several times
        for (int r = 0; r < rows; r++) {
            text.append(r).append(",").append(r * 0.5).append(",-").append(r).append(",").append(r % 3).append('\n');
        }
        Path file = Files.writeString(dir.resolve("big.csv"), text, StandardCharsets.UTF_8);
        Dataset d = Csv.withHeader().labelColumn(3).read(file).dataset();
        assertThat(d.rows()).isEqualTo(rows);
        assertThat(d.featureData()).as("trimmed to the exact size").hasSize(3 * rows);
        assertThat(d.feature(4999, 1)).isEqualTo(2499.5f);
        assertThat(d.feature(4321, 2)).isEqualTo(-4321f);
        assertThat(d.label(4999)).isEqualTo(4999 % 3);
        assertThat(d.classes()).isEqualTo(3);
    }

    @Test
    void rejectsAnEmptyFile() {
        assertFails(Csv.withHeader(), "").hasMessage("t.csv: empty file: no header");
        assertFails(Csv.withoutHeader(), "\n\n").hasMessage("t.csv: empty file: no rows");
        assertFails(Csv.withHeader(), "a,b\n\n").hasMessage("t.csv: no data rows after the header");
    }

    @Test
    void rejectsAMissingLabelColumn() {
        assertFails(Csv.withHeader().labelColumn("class"), IRIS)
                .hasMessage("t.csv: line 1: no column named 'class' for the label; the columns are sepal, petal, species");
        assertFails(Csv.withoutHeader().labelColumn(3), "1,2,3\n")
                .hasMessage("t.csv: line 1: label column index 3 (counting from 0) is out of range: the line has 3 fields");
        assertFails(Csv.withHeader().labelColumn("y"), "y\n1\n")
                .hasMessage("t.csv: line 1: no feature columns: the only column is the label");
        assertThatThrownBy(() -> Csv.withoutHeader().labelColumn("y")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only in a file with a header");
    }

    @Test
    void rejectsRaggedRows() {
        assertFails(Csv.withHeader(), "a,b,c\n1,2,3\n4,5\n")
                .hasMessage("t.csv: line 3, column 3 (\"c\"): expected 3 fields, found 2");
        assertFails(Csv.withoutHeader(), "1,2\n3,4\n5,6,7\n")
                .hasMessage("t.csv: line 3, column 3: expected 2 fields, found 3");
    }

    @Test
    void rejectsNonNumericAndEmptyCells() {
        assertFails(Csv.withHeader().labelColumn("species"), "sepal,petal,species\n5.1,1.4,setosa\n4.9,wide,setosa\n")
                .hasMessage("t.csv: line 3, column 2 (\"petal\"): 'wide' is not a number");
        assertFails(Csv.withoutHeader(), "1,2\n\n3,1.2.3\n")
                .hasMessage("t.csv: line 3, column 2: '1.2.3' is not a number");
        assertFails(Csv.withoutHeader(), "1,,3\n").hasMessage("t.csv: line 1, column 2: empty cell; a number is needed");
        assertFails(Csv.withHeader().labelColumn("y"), "x,y\n1,\n")
                .hasMessage("t.csv: line 2, column 2 (\"y\"): empty label");
    }

    @Test
    void rejectsNaNAndInfinity() {
        assertFails(Csv.withoutHeader(), "1,NaN\n")
                .hasMessage("t.csv: line 1, column 2: 'NaN' is not allowed: values must be finite (no NaN or infinity)");
        assertFails(Csv.withoutHeader(), "1,2\n-inf,3\n")
                .hasMessage("t.csv: line 2, column 1: '-inf' is not allowed: values must be finite (no NaN or infinity)");
        assertFails(Csv.withHeader().labelColumn("t").regression(), "x,t\n1,Infinity\n")
                .hasMessage("t.csv: line 2, column 2 (\"t\"): 'Infinity' is not allowed: values must be finite (no NaN or infinity)");
        assertFails(Csv.withoutHeader(), "1e39\n")
                .hasMessage("t.csv: line 1, column 1: '1e39' is beyond the float range (±3.4028235E38)");
    }

    @Test
    void rejectsBadQuoting() {
        assertFails(Csv.withoutHeader(), "1,\"2\n3\"\n").hasMessage(
                "t.csv: line 1, column 2: quoted field not closed on this line (fields spanning lines are not supported)");
        assertFails(Csv.withoutHeader(), "1,\"2\"x\n").hasMessage("t.csv: line 1, column 2: unexpected text after a closing quote");
    }

    @Test
    void rejectsMisconfiguration() {
        assertThatThrownBy(() -> Csv.withHeader().labelColumn(-1)).hasMessage("label column index must be >= 0, got -1");
        assertThatThrownBy(() -> Csv.withHeader().classes(List.of())).hasMessage("the class list is empty");
    }
}
