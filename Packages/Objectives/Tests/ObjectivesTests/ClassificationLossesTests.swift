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
