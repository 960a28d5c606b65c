/// A vector type every value of which has the same leaves (names, types and places), whatever
/// its contents: a model built of tensors, never of arrays of models.
///
/// Models found by reflection are recognized as such without conforming; conform a type that
/// lists its leaves itself (``CustomLeafPaths``) when its leaves never depend on the instance.
/// Operations then find the leaves once per type and, when they are all of one type and stored
/// inline, reach them by byte offset instead of visiting each one.
public protocol FixedLeafStructure: VectorSpace {}
