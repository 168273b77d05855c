"""Workout sessions: history, ratings, range-of-motion trends, live exercise."""

from fastapi import APIRouter

router = APIRouter(tags=["exercises"])
