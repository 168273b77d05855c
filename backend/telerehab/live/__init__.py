"""Live exercise: ``sessions`` stores what the engine counted as workout sessions and sets (for
the stream and the batch endpoint alike); ``stream`` runs one WebSocket's protocol."""
