package org.backprop4j.train;

import java.util.Arrays;

/** Per-epoch metrics of one {@link Sequential#fit}; validation values are NaN without validation data. */
public final class History {
    private final int firstEpoch;
    private final double[] dataLoss;
    private final double[] regularizationLoss;
    private final double[] accuracy;
    private final double[] validationLoss;
    private final double[] validationAccuracy;
    private int size;

    History(int firstEpoch, int capacity) {
        this.firstEpoch = firstEpoch;
        dataLoss = new double[capacity];
        regularizationLoss = new double[capacity];
        accuracy = new double[capacity];
        validationLoss = new double[capacity];
        validationAccuracy = new double[capacity];
    }

    void add(Progress p) {
        dataLoss[size] = p.dataLoss;
        regularizationLoss[size] = p.regularizationLoss;
        accuracy[size] = p.accuracy;
        validationLoss[size] = p.validationLoss;
        validationAccuracy[size] = p.validationAccuracy;
        size++;
    }

    /** Epochs recorded (fewer than requested after an early stop). */
    public int size() {
        return size;
    }

    /** The model epoch index of entry 0. */
    public int firstEpoch() {
        return firstEpoch;
    }

    /** Data + regularisation loss of entry i. */
    public double loss(int i) {
        return dataLoss(i) + regularizationLoss(i);
    }

    public double dataLoss(int i) {
        return dataLoss[check(i)];
    }

    public double regularizationLoss(int i) {
        return regularizationLoss[check(i)];
    }

    public double accuracy(int i) {
        return accuracy[check(i)];
    }

    public double validationLoss(int i) {
        return validationLoss[check(i)];
    }

    public double validationAccuracy(int i) {
        return validationAccuracy[check(i)];
    }

    /** Training accuracy of the last epoch. */
    public double lastAccuracy() {
        return accuracy(size - 1);
    }

    /** Loss of the last epoch. */
    public double lastLoss() {
        return loss(size - 1);
    }

    /** Copies of the per-epoch accuracies. */
    public double[] accuracies() {
        return Arrays.copyOf(accuracy, size);
    }

    /** Copies of the per-epoch losses (data + regularisation). */
    public double[] losses() {
        double[] l = new double[size];
        for (int i = 0; i < size; i++) {
            l[i] = loss(i);
        }
        return l;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("epoch entry " + i + " of " + size);
        }
        return i;
    }
}
