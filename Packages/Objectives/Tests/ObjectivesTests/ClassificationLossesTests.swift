import Objectives
import XCTest
import _TestSupport

final class ClassificationLossesTests: XCTestCase {
  let labels = Tensor<Double>(shape: [3, 4], scalars: [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1])

  func testCrossEntropyAveragesOverTheBatch() {
    let p = Tensor<Double>(shape: [2, 2], scalars: [0.5, 0.5, 0.25, 0.75])
    let labels = Tensor<Double>(shape: [2, 2], scalars: [1, 0, 0, 1])
    let expected = (log(2.0) + log(4.0 / 3)) / 2
    XCTAssertEqual(
      crossEntropy(probabilities: p, labels: labels, epsilon: 0).scalar, expected, accuracy: 1e-15)
    XCTAssertEqual(crossEntropy(probabilities: p, labels: labels).scalar, expected, accuracy: 1e-14)
  }

  func testCrossEntropyOfAZeroProbabilityIsLargeButFinite() {
    let p = Tensor<Float>(shape: [1, 2], scalars: [0, 1])
    let loss = crossEntropy(probabilities: p, labels: Tensor(shape: [1, 2], scalars: [1, 0]))
    XCTAssert(loss.scalar.isFinite)
    XCTAssertEqual(loss.scalar, -log(Float.ulpOfOne), accuracy: 1e-5)
  }

  func testSoftmaxCrossEntropyEqualsCrossEntropyOfTheSoftmax() {
    let logits = testTensor([3, 4], seed: 7)
    let fused = softmaxCrossEntropy(logits: logits, labels: labels).scalar
    let twoStep = crossEntropy(probabilities: softmax(logits), labels: labels, epsilon: 0).scalar
    XCTAssertEqual(fused, twoStep, accuracy: 1e-14)
  }

  func testSoftmaxCrossEntropyIsExactForLargeLogits() {
    let logits = Tensor<Double>(shape: [1, 2], scalars: [0, 1000])
    let first = Tensor<Double>(shape: [1, 2], scalars: [1, 0])
    XCTAssertEqual(softmaxCrossEntropy(logits: logits, labels: first).scalar, 1000)
    let g = gradient(at: logits) { softmaxCrossEntropy(logits: $0, labels: first) }
    XCTAssertEqual(g.scalars, [-1, 1])
    XCTAssert(g.scalars.allSatisfy(\.isFinite))
  }

  func testSoftmaxCrossEntropyGradientsAreExactToSecondOrder() {
    let logits = testTensor([3, 4], seed: 8)
    assertGradientIsCorrect(at: logits) { softmaxCrossEntropy(logits: $0, labels: self.labels) }
    assertGradientIsCorrect(at: labels) { softmaxCrossEntropy(logits: logits, labels: $0) }
    assertHessianVectorProductIsCorrect(at: logits, along: testTensor([3, 4], seed: 9)) {
      softmaxCrossEntropy(logits: $0, labels: self.labels)
    }
    let single = testTensor([4], seed: 10)
    assertGradientIsCorrect(at: single) {
      softmaxCrossEntropy(logits: $0, labels: Tensor([0, 0, 1, 0]))
    }
  }

  /// Logits and labels as one input (rows 0–2 and 3–5 of a [6, 4] tensor): the Hessian–vector
  /// product mixes every second derivative, so each pullback of the fused gradient (in the
  /// upstream, the logits and the labels) is checked against finite differences.
  func testSecondDerivativesInLogitsAndLabelsTogetherAreExact() {
    let both = Tensor<Double>(concatenating: [testTensor([3, 4], seed: 14), labels], alongAxis: 0)
    let loss = { (x: Tensor<Double>) in
      3 * softmaxCrossEntropy(logits: x[0..<3], labels: x[3..<6]) + x.sum()
    }
    assertGradientIsCorrect(at: both, in: loss)
    assertHessianVectorProductIsCorrect(at: both, along: testTensor([6, 4], seed: 15), in: loss)
    let single = Tensor<Double>(concatenating: [testTensor([4], seed: 16), Tensor([0, 1, 0, 0])])
    assertHessianVectorProductIsCorrect(at: single, along: testTensor([8], seed: 17)) { x in
      softmaxCrossEntropy(logits: x[0..<4], labels: x[4..<8])
    }
  }

  /// The one-pass value and gradient in Float agree with the tensor-operation definition in
  /// Double, on rows of 10 (an MLP's) and of 3, with soft labels.
  func testFloatLossAndGradientMatchTheDefinition() {
    for classes in [10, 3] {
      let logits = 4 * testTensor([7, classes], seed: UInt64(classes))
      let soft = softmax(testTensor([7, classes], seed: 99))
      let expected = -(soft * logSoftmax(logits)).sum().scalar / 7
      let expectedGradient = ((softmax(logits) - soft) / 7).scalars
      let (logits32, soft32) = (
        Tensor<Float>(shape: logits.shape, scalars: logits.scalars.map(Float.init)),
        Tensor<Float>(shape: soft.shape, scalars: soft.scalars.map(Float.init))
      )
      let (value, gradient) = valueWithGradient(at: logits32) {
        softmaxCrossEntropy(logits: $0, labels: soft32)
      }
      XCTAssertEqual(Double(value), expected, accuracy: 1e-6 * abs(expected))
      for (computed, reference) in zip(gradient.scalars, expectedGradient) {
        XCTAssertEqual(Double(computed), reference, accuracy: 1e-7)
      }
    }
  }

  /// Each input has its own pullback: differentiating both at once gives each one's gradient
  /// alone.
  func testGradientsOfLogitsAndLabelsTogetherMatchEachAlone() {
    let logits = testTensor([3, 4], seed: 13)
    let (both, alone) = (
      gradient(at: logits, labels) { softmaxCrossEntropy(logits: $0, labels: $1) },
      (
        gradient(at: logits) { softmaxCrossEntropy(logits: $0, labels: self.labels) },
        gradient(at: labels) { softmaxCrossEntropy(logits: logits, labels: $0) }
      )
    )
    XCTAssertEqual(both.0.scalars, alone.0.scalars)
    XCTAssertEqual(both.1.scalars, alone.1.scalars)
  }

  func testFusedGradientIsSoftmaxMinusLabelsOverTheBatch() {
    let logits = testTensor([3, 4], seed: 11)
    let g = gradient(at: logits) { softmaxCrossEntropy(logits: $0, labels: self.labels) }
    assertSameScalars(g.scalars, ((softmax(logits) - labels) / 3).scalars, "∂/∂logits", 1e-15)
  }

  func testCrossEntropyGradientAgreesWithFiniteDifferences() {
    let p = softmax(testTensor([3, 4], seed: 12))
    assertGradientIsCorrect(at: p) { crossEntropy(probabilities: $0, labels: self.labels) }
  }

  func testClassificationErrorCountsWrongArgmaxRows() {
    let predicted = Tensor<Double>(shape: [2, 2], scalars: [0.9, 0.1, 0.8, 0.2])
    let labels = Tensor<Double>(shape: [2, 2], scalars: [1, 0, 0, 1])
    XCTAssertEqual(classificationError(predicted: predicted, labels: labels).scalar, 0.5)
    XCTAssertEqual(classificationError(predicted: labels, labels: labels).scalar, 0)
    let oneSample = Tensor<Float>([0.1, 0.7, 0.2])
    XCTAssertEqual(
      classificationError(predicted: oneSample, labels: Tensor([0, 0, 1])).scalar, 1)
  }

  func testLabelShapeMismatchPointsAtOneHot() {
    assertPreconditionFailure(self, containing: "softmaxCrossEntropy", "oneHot") {
      _ = softmaxCrossEntropy(
        logits: Tensor<Float>.zeros(shape: [2, 10]), labels: Tensor.zeros(shape: [2]))
    }
  }
}
