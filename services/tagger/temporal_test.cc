#include "services/tagger/temporal.h"

#include "gtest/gtest.h"
