// The Data tests arrive with the Data package (see the open issues).
import Data
