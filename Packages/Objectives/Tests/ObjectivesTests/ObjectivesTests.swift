// The Objectives tests arrive with the Objectives package (see the open issues).
import Objectives
