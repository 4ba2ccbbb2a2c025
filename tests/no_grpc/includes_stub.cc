#include "grpc/health/v1/health.grpc.pb.h"
