// tanh x = x·P(x²)/Q(x²) for |x| ≤ 9.1 (beyond ~9.01, tanh rounds to ±1 in Float), with
// P(t) = 1 + p1·t + … + p5·t⁵ and Q(t) = 1 + q1·t + … + q4·t⁴: a fit of the relative error on
// [0, 9.1] below 1.5·10⁻⁹ (Scripts/fit-tanh.py reproduces it). One definition for the Swift
// loop (FloatMath.tanh) and the AVX2 kernel (tanh_avx2.c).

#ifndef PROTOGRAD_TANH_COEFFICIENTS_H
#define PROTOGRAD_TANH_COEFFICIENTS_H

#define PROTOGRAD_TANH_LIMIT 9.1
#define PROTOGRAD_TANH_P1 0.13677792243349832
#define PROTOGRAD_TANH_P2 0.003865638627097112
#define PROTOGRAD_TANH_P3 2.795147091238737e-05
#define PROTOGRAD_TANH_P4 3.044363698313614e-08
#define PROTOGRAD_TANH_P5 -1.2092721792296381e-11
#define PROTOGRAD_TANH_Q1 0.47011124647991864
#define PROTOGRAD_TANH_Q2 0.027236072020260706
#define PROTOGRAD_TANH_Q3 0.0003933827993685825
#define PROTOGRAD_TANH_Q4 1.2833640121091745e-06

#endif
