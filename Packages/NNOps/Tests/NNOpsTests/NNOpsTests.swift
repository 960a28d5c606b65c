// The NNOps tests arrive with the NNOps package (see the open issues).
import NNOps
