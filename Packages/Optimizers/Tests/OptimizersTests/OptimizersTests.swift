// The Optimizers tests arrive with the Optimizers package (see the open issues).
import Optimizers
